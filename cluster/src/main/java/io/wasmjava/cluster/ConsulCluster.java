package io.wasmjava.cluster;

/**
 * A service from a Consul registry: Go's {@code ConsulCluster}.
 *
 * <ul>
 *   <li>Cluster name: {@code outbound|<port>||<serviceName>.<datacenter>.consul}, e.g.
 *       {@code outbound|8500||foo.dc1.consul}.
 *   <li>Authority: the host if set, else the service name.
 * </ul>
 *
 * @param serviceName the Consul service name
 * @param datacenter the Consul datacenter, e.g. {@code dc1}
 * @param port the service port, 1–65535
 * @param host the authority to send instead of the service name, or null for the service name
 */
public record ConsulCluster(String serviceName, String datacenter, int port, String host) implements FixedCluster {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException naming the field, if {@code serviceName} or {@code datacenter} is empty or
     *     contains {@code |} or whitespace, {@code port} is outside 1–65535, or {@code host} is empty or contains
     *     whitespace
     */
    public ConsulCluster {
        Checks.namePart("serviceName", serviceName);
        Checks.namePart("datacenter", datacenter);
        Checks.port("port", port);
        Checks.optionalToken("host", host);
    }

    /**
     * Returns the cluster {@code outbound|<port>||<serviceName>.<datacenter>.consul} with authority
     * {@code serviceName}.
     *
     * @throws IllegalArgumentException as the constructor
     */
    public static ConsulCluster of(String serviceName, String datacenter, int port) {
        return new ConsulCluster(serviceName, datacenter, port, null);
    }

    /** Returns {@code outbound|<port>||<serviceName>.<datacenter>.consul}. */
    @Override
    public String clusterName() {
        return Checks.outbound(port, null, serviceName + "." + datacenter + ".consul");
    }

    /** Returns the host if set, else the service name. */
    @Override
    public String authority() {
        return host != null ? host : serviceName;
    }
}
