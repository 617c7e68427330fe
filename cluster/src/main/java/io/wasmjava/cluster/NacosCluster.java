package io.wasmjava.cluster;

import java.util.Objects;

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
 */
public final class NacosCluster implements Cluster {
    /** Nacos's default group; the cluster name spells it {@code DEFAULT-GROUP}. */
    public static final String DEFAULT_GROUP = "DEFAULT_GROUP";

    private final String serviceName;
    private final String group;
    private final String namespaceId;
    private final int port;
    private final boolean extRegistry;
    private final String version;
    private final String host;
    private final String clusterName;
    private final String authority;

    private NacosCluster(Builder builder) {
        this.serviceName = Checks.namePart("serviceName", builder.serviceName);
        this.group = builder.group == null ? DEFAULT_GROUP : Checks.namePart("group", builder.group);
        this.namespaceId = Checks.namePart("namespaceId", builder.namespaceId);
        this.port = Checks.port("port", builder.port);
        this.extRegistry = builder.extRegistry;
        this.version = builder.version == null ? null : Checks.namePart("version", builder.version);
        this.host = builder.host == null ? null : Checks.token("host", builder.host);
        String tail = extRegistry ? ".nacos-ext" : ".nacos";
        this.clusterName = Checks.outbound(port, version,
                serviceName + "." + group.replace('_', '-') + "." + namespaceId + tail);
        this.authority = host != null ? host : serviceName;
    }

    /**
     * Returns the cluster {@code outbound|<port>||<serviceName>.DEFAULT-GROUP.<namespaceId>.nacos} with authority
     * {@code serviceName}.
     *
     * @throws IllegalArgumentException naming the field, if {@code serviceName} or {@code namespaceId} is empty or
     *     contains {@code |} or whitespace, or {@code port} is outside 1–65535
     */
    public static NacosCluster of(String serviceName, String namespaceId, int port) {
        return newBuilder().serviceName(serviceName).namespaceId(namespaceId).port(port).build();
    }

    /**
     * Returns a builder; {@code serviceName}, {@code namespaceId} and {@code port} are required, the rest optional.
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Returns the Nacos service name. */
    public String serviceName() {
        return serviceName;
    }

    /** Returns the group as given (before {@code _} becomes {@code -}), {@link #DEFAULT_GROUP} when not set. */
    public String group() {
        return group;
    }

    /** Returns the Nacos namespace id, e.g. {@code public}. */
    public String namespaceId() {
        return namespaceId;
    }

    /** Returns the service port, 1–65535. */
    public int port() {
        return port;
    }

    /** Returns whether the service comes from an external (EDAS/SAE) registry: the name ends in {@code nacos-ext}. */
    public boolean isExtRegistry() {
        return extRegistry;
    }

    /** Returns the service version, or null when not set (the version field of the cluster name is then empty). */
    public String version() {
        return version;
    }

    /** Returns the authority override, or null when the authority is the service name. */
    public String host() {
        return host;
    }

    /** Returns {@code outbound|<port>|<version>|<serviceName>.<group>.<namespaceId>.nacos}; the context is ignored. */
    @Override
    public String clusterName(ClusterContext context) {
        Objects.requireNonNull(context, "context");
        return clusterName;
    }

    /** Returns the host if set, else the service name; the context is ignored. */
    @Override
    public String authority(ClusterContext context) {
        Objects.requireNonNull(context, "context");
        return authority;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NacosCluster)) {
            return false;
        }
        NacosCluster that = (NacosCluster) o;
        return port == that.port
                && extRegistry == that.extRegistry
                && serviceName.equals(that.serviceName)
                && group.equals(that.group)
                && namespaceId.equals(that.namespaceId)
                && Checks.equal(version, that.version)
                && Checks.equal(host, that.host);
    }

    @Override
    public int hashCode() {
        int h = serviceName.hashCode();
        h = h * 31 + group.hashCode();
        h = h * 31 + namespaceId.hashCode();
        h = h * 31 + port;
        h = h * 31 + (extRegistry ? 1 : 0);
        h = h * 31 + Checks.hash(version);
        return h * 31 + Checks.hash(host);
    }

    /** Returns e.g. {@code NacosCluster{outbound|8080|1.0|foo.DEFAULT-GROUP.xxxx.nacos, authority=foo}}. */
    @Override
    public String toString() {
        return Checks.toString("NacosCluster", clusterName, authority);
    }

    /** Builds a {@link NacosCluster}; each setter replaces the previous value. Not thread-safe. */
    public static final class Builder {
        private String serviceName;
        private String group;
        private String namespaceId;
        private int port;
        private boolean extRegistry;
        private String version;
        private String host;

        private Builder() {
        }

        /** Sets the Nacos service name. Required. */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** Sets the group, e.g. {@code DEFAULT_GROUP}; null (the default) means {@link #DEFAULT_GROUP}. */
        public Builder group(String group) {
            this.group = group;
            return this;
        }

        /** Sets the Nacos namespace id, e.g. {@code public}. Required. */
        public Builder namespaceId(String namespaceId) {
            this.namespaceId = namespaceId;
            return this;
        }

        /** Sets the service port, 1–65535. Required. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Sets whether the service comes from an external (EDAS/SAE) registry. Defaults to false. */
        public Builder extRegistry(boolean extRegistry) {
            this.extRegistry = extRegistry;
            return this;
        }

        /** Sets the service version, e.g. {@code 1.0}; null (the default) leaves the version field empty. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** Sets the authority to send instead of the service name; null (the default) means the service name. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * Returns the cluster.
         *
         * @throws IllegalArgumentException naming the field, if {@code serviceName} or {@code namespaceId} is
         *     missing, a name part ({@code serviceName}, {@code group}, {@code namespaceId}, {@code version}) is
         *     empty or contains {@code |} or whitespace, {@code port} is outside 1–65535, or {@code host} is empty
         *     or contains whitespace
         */
        public NacosCluster build() {
            return new NacosCluster(this);
        }
    }
}
