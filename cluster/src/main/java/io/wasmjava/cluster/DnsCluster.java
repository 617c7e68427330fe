package io.wasmjava.cluster;

/**
 * A Higress DNS service (McpBridge {@code type: dns}): Go's {@code DnsCluster}.
 *
 * <ul>
 *   <li>Cluster name: {@code outbound|<port>||<serviceName>.dns}, e.g. {@code outbound|8080||foo.dns}.
 *   <li>Authority: the domain the service resolves, e.g. {@code www.test.com}. There is no separate host.
 * </ul>
 *
 * @param serviceName the service name without the {@code .dns} suffix, which the cluster name appends
 * @param domain the domain the service resolves; sent as the {@code :authority}
 * @param port the service port, 1–65535
 */
public record DnsCluster(String serviceName, String domain, int port) implements FixedCluster {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException naming the field, if {@code serviceName} is empty or contains {@code |} or
     *     whitespace, {@code domain} is empty or contains whitespace, or {@code port} is outside 1–65535
     */
    public DnsCluster {
        Checks.namePart("serviceName", serviceName);
        Checks.token("domain", domain);
        Checks.port("port", port);
    }

    /**
     * Returns the cluster {@code outbound|<port>||<serviceName>.dns} with authority {@code domain}: the same as the
     * constructor.
     */
    public static DnsCluster of(String serviceName, String domain, int port) {
        return new DnsCluster(serviceName, domain, port);
    }

    /** Returns {@code outbound|<port>||<serviceName>.dns}. */
    @Override
    public String clusterName() {
        return Checks.outbound(port, null, serviceName + ".dns");
    }

    /** Returns the domain. */
    @Override
    public String authority() {
        return domain;
    }
}
