package io.wasmjava.cluster;

import java.util.Objects;

/**
 * A Higress DNS service (McpBridge {@code type: dns}): Go's {@code DnsCluster}.
 *
 * <ul>
 *   <li>Cluster name: {@code outbound|<port>||<serviceName>.dns}, e.g. {@code outbound|8080||foo.dns}.
 *   <li>Authority: the domain the service resolves, e.g. {@code www.test.com}. There is no separate host.
 * </ul>
 *
 * <p>The service name is given <em>without</em> the {@code .dns} suffix, which the cluster name appends.
 */
public final class DnsCluster implements Cluster {
    private final String serviceName;
    private final String domain;
    private final int port;
    private final String clusterName;

    private DnsCluster(String serviceName, String domain, int port) {
        this.serviceName = Checks.namePart("serviceName", serviceName);
        this.domain = Checks.token("domain", domain);
        this.port = Checks.port("port", port);
        this.clusterName = Checks.outbound(port, null, serviceName + ".dns");
    }

    /**
     * Returns the cluster {@code outbound|<port>||<serviceName>.dns} with authority {@code domain}.
     *
     * @param serviceName the service name without the {@code .dns} suffix
     * @param domain the domain the service resolves; sent as the {@code :authority}
     * @throws IllegalArgumentException naming the field, if {@code serviceName} is empty or contains {@code |} or
     *     whitespace, {@code domain} is empty or contains whitespace, or {@code port} is outside 1–65535
     */
    public static DnsCluster of(String serviceName, String domain, int port) {
        return new DnsCluster(serviceName, domain, port);
    }

    /** Returns the service name, without the {@code .dns} suffix. */
    public String serviceName() {
        return serviceName;
    }

    /** Returns the domain the service resolves, which is also the authority. */
    public String domain() {
        return domain;
    }

    /** Returns the service port, 1–65535. */
    public int port() {
        return port;
    }

    /** Returns {@code outbound|<port>||<serviceName>.dns}; the context is ignored. */
    @Override
    public String clusterName(ClusterContext context) {
        Objects.requireNonNull(context, "context");
        return clusterName;
    }

    /** Returns the domain; the context is ignored. */
    @Override
    public String authority(ClusterContext context) {
        Objects.requireNonNull(context, "context");
        return domain;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DnsCluster)) {
            return false;
        }
        DnsCluster that = (DnsCluster) o;
        return port == that.port && serviceName.equals(that.serviceName) && domain.equals(that.domain);
    }

    @Override
    public int hashCode() {
        return (serviceName.hashCode() * 31 + domain.hashCode()) * 31 + port;
    }

    /** Returns e.g. {@code DnsCluster{outbound|8080||foo.dns, authority=www.test.com}}. */
    @Override
    public String toString() {
        return Checks.toString("DnsCluster", clusterName, domain);
    }
}
