package io.wasmjava.cluster;

/**
 * A service from a Nacos registry: Go's {@code NacosCluster}.
 *
 * <ul>
 *   <li>Cluster name: {@code outbound|<port>|<version>|<serviceName>.<group>.<namespaceId>.nacos}, e.g.
 *       {@code outbound|8080|1.0|foo.DEFAULT-GROUP.xxxx.nacos}. In the name every {@code _} of the group becomes
 *       {@code -} (so the default group {@code DEFAULT_GROUP} appears as {@code DEFAULT-GROUP}), the version is
 *       empty when not set, and the tail is {@code nacos-ext} instead of {@code nacos} for an external registry
 *       (EDAS/SAE).
 *   <li>Authority: the host if set, else the service name.
 * </ul>
 *
 * @param serviceName the Nacos service name
 * @param group the group as given (before {@code _} becomes {@code -}); null given to the constructor means
 *     {@link #DEFAULT_GROUP}, so this component is never null
 * @param namespaceId the Nacos namespace id, e.g. {@code public}
 * @param port the service port, 1–65535
 * @param extRegistry whether the service comes from an external (EDAS/SAE) registry: the name ends in
 *     {@code nacos-ext}
 * @param version the service version, e.g. {@code 1.0}, or null to leave the version field of the name empty
 * @param host the authority to send instead of the service name, or null for the service name
 */
public record NacosCluster(String serviceName, String group, String namespaceId, int port, boolean extRegistry,
        String version, String host) implements FixedCluster {
    /** Nacos's default group; the cluster name spells it {@code DEFAULT-GROUP}. */
    public static final String DEFAULT_GROUP = "DEFAULT_GROUP";

    /**
     * Checks the components and defaults the group.
     *
     * @throws IllegalArgumentException naming the field, if a name part ({@code serviceName}, a non-null
     *     {@code group}, {@code namespaceId}, a non-null {@code version}) is empty or contains {@code |} or
     *     whitespace, {@code port} is outside 1–65535, or {@code host} is empty or contains whitespace
     */
    public NacosCluster {
        // In the order of the cluster name, then the host.
        Checks.port("port", port);
        Checks.optionalNamePart("version", version);
        Checks.namePart("serviceName", serviceName);
        group = group == null ? DEFAULT_GROUP : Checks.namePart("group", group);
        Checks.namePart("namespaceId", namespaceId);
        Checks.optionalToken("host", host);
    }

    /**
     * Returns the cluster {@code outbound|<port>||<serviceName>.DEFAULT-GROUP.<namespaceId>.nacos} with authority
     * {@code serviceName}.
     *
     * @throws IllegalArgumentException as the constructor
     */
    public static NacosCluster of(String serviceName, String namespaceId, int port) {
        return new NacosCluster(serviceName, null, namespaceId, port, false, null, null);
    }

    /** Returns {@code outbound|<port>|<version>|<serviceName>.<group>.<namespaceId>.nacos} (or {@code nacos-ext}). */
    @Override
    public String clusterName() {
        String tail = extRegistry ? ".nacos-ext" : ".nacos";
        return Checks.outbound(port, version, serviceName + "." + group.replace('_', '-') + "." + namespaceId + tail);
    }

    /** Returns the host if set, else the service name. */
    @Override
    public String authority() {
        return host != null ? host : serviceName;
    }
}
