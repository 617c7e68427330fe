package io.wasmjava.cluster;

import java.util.Objects;

/**
 * A service from a Consul registry: Go's {@code ConsulCluster}.
 *
 * <ul>
 *   <li>Cluster name: {@code outbound|<port>||<serviceName>.<datacenter>.consul}, e.g.
 *       {@code outbound|8500||foo.dc1.consul}.
 *   <li>Authority: the host if set, else the service name.
 * </ul>
 */
public final class ConsulCluster implements Cluster {
    private final String serviceName;
    private final String datacenter;
    private final int port;
    private final String host;
    private final String clusterName;
    private final String authority;

    private ConsulCluster(Builder builder) {
        this.serviceName = Checks.namePart("serviceName", builder.serviceName);
        this.datacenter = Checks.namePart("datacenter", builder.datacenter);
        this.port = Checks.port("port", builder.port);
        this.host = builder.host == null ? null : Checks.token("host", builder.host);
        this.clusterName = Checks.outbound(port, null, serviceName + "." + datacenter + ".consul");
        this.authority = host != null ? host : serviceName;
    }

    /**
     * Returns the cluster {@code outbound|<port>||<serviceName>.<datacenter>.consul} with authority
     * {@code serviceName}.
     *
     * @throws IllegalArgumentException naming the field, if {@code serviceName} or {@code datacenter} is empty or
     *     contains {@code |} or whitespace, or {@code port} is outside 1–65535
     */
    public static ConsulCluster of(String serviceName, String datacenter, int port) {
        return newBuilder().serviceName(serviceName).datacenter(datacenter).port(port).build();
    }

    /**
     * Returns a builder; {@code serviceName}, {@code datacenter} and {@code port} are required, {@code host} is
     * optional.
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Returns the Consul service name. */
    public String serviceName() {
        return serviceName;
    }

    /** Returns the Consul datacenter. */
    public String datacenter() {
        return datacenter;
    }

    /** Returns the service port, 1–65535. */
    public int port() {
        return port;
    }

    /** Returns the authority override, or null when the authority is the service name. */
    public String host() {
        return host;
    }

    /** Returns {@code outbound|<port>||<serviceName>.<datacenter>.consul}; the context is ignored. */
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
        if (!(o instanceof ConsulCluster)) {
            return false;
        }
        ConsulCluster that = (ConsulCluster) o;
        return port == that.port
                && serviceName.equals(that.serviceName)
                && datacenter.equals(that.datacenter)
                && Checks.equal(host, that.host);
    }

    @Override
    public int hashCode() {
        int h = serviceName.hashCode();
        h = h * 31 + datacenter.hashCode();
        h = h * 31 + port;
        return h * 31 + Checks.hash(host);
    }

    /** Returns e.g. {@code ConsulCluster{outbound|8500||foo.dc1.consul, authority=foo}}. */
    @Override
    public String toString() {
        return Checks.toString("ConsulCluster", clusterName, authority);
    }

    /** Builds a {@link ConsulCluster}; each setter replaces the previous value. Not thread-safe. */
    public static final class Builder {
        private String serviceName;
        private String datacenter;
        private int port;
        private String host;

        private Builder() {
        }

        /** Sets the Consul service name. Required. */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** Sets the Consul datacenter, e.g. {@code dc1}. Required. */
        public Builder datacenter(String datacenter) {
            this.datacenter = datacenter;
            return this;
        }

        /** Sets the service port, 1–65535. Required. */
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
         * @throws IllegalArgumentException naming the field, if {@code serviceName} or {@code datacenter} is
         *     missing, empty or contains {@code |} or whitespace, {@code port} is outside 1–65535, or {@code host}
         *     is empty or contains whitespace
         */
        public ConsulCluster build() {
            return new ConsulCluster(this);
        }
    }
}
