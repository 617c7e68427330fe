package io.wasmjava.cluster;

import java.util.Objects;

/**
 * A Kubernetes service: Go's {@code K8sCluster}.
 *
 * <ul>
 *   <li>Cluster name: {@code outbound|<port>|<version>|<serviceName>.<namespace>.svc.cluster.local}, e.g.
 *       {@code outbound|8080|1.0|foo.bar.svc.cluster.local}; the version is empty when not set.
 *   <li>Authority: the host if set, else {@code <serviceName>.<namespace>.svc.cluster.local}.
 * </ul>
 *
 * <p>The namespace defaults to {@link #DEFAULT_NAMESPACE} in <em>both</em>. This deliberately differs from the Go
 * SDK, whose {@code HostName()} does not apply the default and yields {@code foo..svc.cluster.local} when the
 * namespace is empty; the cluster name is identical to Go's in every case.
 */
public final class K8sCluster implements Cluster {
    /** The namespace used when none is set. */
    public static final String DEFAULT_NAMESPACE = "default";

    private final String serviceName;
    private final String namespace;
    private final int port;
    private final String version;
    private final String host;
    private final String clusterName;
    private final String authority;

    private K8sCluster(Builder builder) {
        this.serviceName = Checks.namePart("serviceName", builder.serviceName);
        this.namespace =
                builder.namespace == null ? DEFAULT_NAMESPACE : Checks.namePart("namespace", builder.namespace);
        this.port = Checks.port("port", builder.port);
        this.version = builder.version == null ? null : Checks.namePart("version", builder.version);
        this.host = builder.host == null ? null : Checks.token("host", builder.host);
        String fqdn = serviceName + "." + namespace + ".svc.cluster.local";
        this.clusterName = Checks.outbound(port, version, fqdn);
        this.authority = host != null ? host : fqdn;
    }

    /**
     * Returns the cluster {@code outbound|<port>||<serviceName>.<namespace>.svc.cluster.local} with that FQDN as
     * authority.
     *
     * @param namespace the namespace, or null for {@link #DEFAULT_NAMESPACE}
     * @throws IllegalArgumentException naming the field, if {@code serviceName} or a non-null {@code namespace} is
     *     empty or contains {@code |} or whitespace, or {@code port} is outside 1–65535
     */
    public static K8sCluster of(String serviceName, String namespace, int port) {
        return newBuilder().serviceName(serviceName).namespace(namespace).port(port).build();
    }

    /** Returns a builder; {@code serviceName} and {@code port} are required, the rest optional. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Returns the Kubernetes service name. */
    public String serviceName() {
        return serviceName;
    }

    /** Returns the namespace, {@link #DEFAULT_NAMESPACE} when not set. */
    public String namespace() {
        return namespace;
    }

    /** Returns the service port, 1–65535. */
    public int port() {
        return port;
    }

    /** Returns the service version, or null when not set (the version field of the cluster name is then empty). */
    public String version() {
        return version;
    }

    /** Returns the authority override, or null when the authority is the service's cluster-local FQDN. */
    public String host() {
        return host;
    }

    /**
     * Returns {@code outbound|<port>|<version>|<serviceName>.<namespace>.svc.cluster.local}; the context is
     * ignored.
     */
    @Override
    public String clusterName(ClusterContext context) {
        Objects.requireNonNull(context, "context");
        return clusterName;
    }

    /**
     * Returns the host if set, else {@code <serviceName>.<namespace>.svc.cluster.local} with the namespace
     * defaulted (unlike Go); the context is ignored.
     */
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
        if (!(o instanceof K8sCluster)) {
            return false;
        }
        K8sCluster that = (K8sCluster) o;
        return port == that.port
                && serviceName.equals(that.serviceName)
                && namespace.equals(that.namespace)
                && Checks.equal(version, that.version)
                && Checks.equal(host, that.host);
    }

    @Override
    public int hashCode() {
        int h = serviceName.hashCode();
        h = h * 31 + namespace.hashCode();
        h = h * 31 + port;
        h = h * 31 + Checks.hash(version);
        return h * 31 + Checks.hash(host);
    }

    /**
     * Returns e.g.
     * {@code K8sCluster{outbound|8080|1.0|foo.bar.svc.cluster.local, authority=foo.bar.svc.cluster.local}}.
     */
    @Override
    public String toString() {
        return Checks.toString("K8sCluster", clusterName, authority);
    }

    /** Builds a {@link K8sCluster}; each setter replaces the previous value. Not thread-safe. */
    public static final class Builder {
        private String serviceName;
        private String namespace;
        private int port;
        private String version;
        private String host;

        private Builder() {
        }

        /** Sets the Kubernetes service name. Required. */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** Sets the namespace; null (the default) means {@link #DEFAULT_NAMESPACE}. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** Sets the service port, 1–65535. Required. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Sets the service version, e.g. {@code 1.0}; null (the default) leaves the version field empty. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** Sets the authority to send instead of the cluster-local FQDN; null (the default) means that FQDN. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * Returns the cluster.
         *
         * @throws IllegalArgumentException naming the field, if {@code serviceName} is missing, a name part
         *     ({@code serviceName}, {@code namespace}, {@code version}) is empty or contains {@code |} or
         *     whitespace, {@code port} is outside 1–65535, or {@code host} is empty or contains whitespace
         */
        public K8sCluster build() {
            return new K8sCluster(this);
        }
    }
}
