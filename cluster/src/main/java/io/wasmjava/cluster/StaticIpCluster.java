package io.wasmjava.cluster;

import java.util.Objects;

/**
 * A Higress static-address service (McpBridge {@code type: static}): Go's {@code StaticIpCluster}.
 *
 * <ul>
 *   <li>Cluster name: {@code outbound|<port>||<serviceName>.static}, e.g. {@code outbound|8080||foo.static}.
 *   <li>Authority: the host if set, else the service name.
 * </ul>
 *
 * <p>The service name is given <em>without</em> the {@code .static} suffix, which the cluster name appends. Higress
 * gives static services the logical port 80 unless configured otherwise.
 */
public final class StaticIpCluster implements Cluster {
    /** The logical port Higress gives a static service when none is configured. */
    public static final int DEFAULT_PORT = 80;

    private final String serviceName;
    private final int port;
    private final String host;
    private final String clusterName;
    private final String authority;

    private StaticIpCluster(Builder builder) {
        this.serviceName = Checks.namePart("serviceName", builder.serviceName);
        this.port = Checks.port("port", builder.port);
        this.host = builder.host == null ? null : Checks.token("host", builder.host);
        this.clusterName = Checks.outbound(port, null, serviceName + ".static");
        this.authority = host != null ? host : serviceName;
    }

    /**
     * Returns the cluster {@code outbound|<port>||<serviceName>.static} with authority {@code serviceName}.
     *
     * @param serviceName the service name without the {@code .static} suffix
     * @throws IllegalArgumentException if {@code serviceName} is empty or contains {@code |} or whitespace, or
     *     {@code port} is outside 1–65535
     */
    public static StaticIpCluster of(String serviceName, int port) {
        return newBuilder().serviceName(serviceName).port(port).build();
    }

    /** Returns a builder; {@code serviceName} and {@code port} are required, {@code host} is optional. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Returns the service name, without the {@code .static} suffix. */
    public String serviceName() {
        return serviceName;
    }

    /** Returns the service port, 1–65535. */
    public int port() {
        return port;
    }

    /** Returns the authority override, or null when the authority is the service name. */
    public String host() {
        return host;
    }

    /** Returns {@code outbound|<port>||<serviceName>.static}; the context is ignored. */
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
        if (!(o instanceof StaticIpCluster)) {
            return false;
        }
        StaticIpCluster that = (StaticIpCluster) o;
        return port == that.port && serviceName.equals(that.serviceName) && Checks.equal(host, that.host);
    }

    @Override
    public int hashCode() {
        return (serviceName.hashCode() * 31 + port) * 31 + Checks.hash(host);
    }

    /** Returns e.g. {@code StaticIpCluster{outbound|8080||foo.static, authority=foo}}. */
    @Override
    public String toString() {
        return Checks.toString("StaticIpCluster", clusterName, authority);
    }

    /** Builds a {@link StaticIpCluster}; each setter replaces the previous value. Not thread-safe. */
    public static final class Builder {
        private String serviceName;
        private int port;
        private String host;

        private Builder() {
        }

        /** Sets the service name without the {@code .static} suffix, e.g. {@code foo} or {@code 10.0.0.1}. Required. */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** Sets the service port, 1–65535 ({@link #DEFAULT_PORT} is Higress's logical default). Required. */
        public Builder port(int port) {
            this.port = port;
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
         * @throws IllegalArgumentException naming the field, if {@code serviceName} is missing, empty or contains
         *     {@code |} or whitespace, {@code port} is outside 1–65535, or {@code host} is empty or contains
         *     whitespace
         */
        public StaticIpCluster build() {
            return new StaticIpCluster(this);
        }
    }
}
