package io.wasmjava.cluster;

/**
 * A cluster named by its fully qualified service name, registry suffix included: Go's {@code FQDNCluster}.
 *
 * <ul>
 *   <li>Cluster name: {@code outbound|<port>||<fqdn>}, e.g. {@code outbound|80||httpbin.org}.
 *   <li>Authority: the host if set, else the FQDN.
 * </ul>
 *
 * <p>This is what Higress plugins build from a configured service name of any kind ({@code redis.static},
 * {@code my-svc.dns}, {@code svc.ns.svc.cluster.local}); see {@link Clusters#fromService(String, int)}.
 *
 * @param fqdn the fully qualified service name, e.g. {@code httpbin.org} or {@code redis.static}
 * @param port the service port, 1–65535
 * @param host the authority to send instead of the FQDN, or null for the FQDN
 */
public record FqdnCluster(String fqdn, int port, String host) implements FixedCluster {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException naming the field, if {@code fqdn} is empty or contains {@code |} or
     *     whitespace, {@code port} is outside 1–65535, or {@code host} is empty or contains whitespace
     */
    public FqdnCluster {
        Checks.namePart("fqdn", fqdn);
        Checks.port("port", port);
        Checks.optionalToken("host", host);
    }

    /**
     * Returns the cluster {@code outbound|<port>||<fqdn>} with authority {@code fqdn}.
     *
     * @throws IllegalArgumentException as the constructor
     */
    public static FqdnCluster of(String fqdn, int port) {
        return new FqdnCluster(fqdn, port, null);
    }

    /** Returns {@code outbound|<port>||<fqdn>}. */
    @Override
    public String clusterName() {
        return Checks.outbound(port, null, fqdn);
    }

    /** Returns the host if set, else the FQDN. */
    @Override
    public String authority() {
        return host != null ? host : fqdn;
    }
}
