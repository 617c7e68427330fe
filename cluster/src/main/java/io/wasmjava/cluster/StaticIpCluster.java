package io.wasmjava.cluster;

/**
 * A Higress static-address service (McpBridge {@code type: static}): Go's {@code StaticIpCluster}.
 *
 * <ul>
 *   <li>Cluster name: {@code outbound|<port>||<serviceName>.static}, e.g. {@code outbound|8080||foo.static}.
 *   <li>Authority: the host if set, else the service name.
 * </ul>
 *
 * <p>The service name is given <em>without</em> the {@code .static} suffix, which the cluster name appends. Higress
 * gives static services the logical port {@link #DEFAULT_PORT} unless configured otherwise.
 *
 * @param serviceName the service name without the {@code .static} suffix, e.g. {@code foo} or {@code 10.0.0.1}
 * @param port the service port, 1–65535
 * @param host the authority to send instead of the service name, or null for the service name
 */
public record StaticIpCluster(String serviceName, int port, String host) implements FixedCluster {
    /** The logical port Higress gives a static service when none is configured. */
    public static final int DEFAULT_PORT = 80;

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException naming the field, if {@code serviceName} is empty or contains {@code |} or
     *     whitespace, {@code port} is outside 1–65535, or {@code host} is empty or contains whitespace
     */
    public StaticIpCluster {
        Checks.namePart("serviceName", serviceName);
        Checks.port("port", port);
        Checks.optionalToken("host", host);
    }

    /**
     * Returns the cluster {@code outbound|<port>||<serviceName>.static} with authority {@code serviceName}.
     *
     * @throws IllegalArgumentException as the constructor
     */
    public static StaticIpCluster of(String serviceName, int port) {
        return new StaticIpCluster(serviceName, port, null);
    }

    /** Returns {@code outbound|<port>||<serviceName>.static}. */
    @Override
    public String clusterName() {
        return Checks.outbound(port, null, serviceName + ".static");
    }

    /** Returns the host if set, else the service name. */
    @Override
    public String authority() {
        return host != null ? host : serviceName;
    }
}
