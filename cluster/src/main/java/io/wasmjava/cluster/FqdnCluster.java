package io.wasmjava.cluster;

import java.util.Objects;

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
 */
public final class FqdnCluster implements Cluster {
    private final String fqdn;
    private final int port;
    private final String host;
    private final String clusterName;
    private final String authority;

    private FqdnCluster(Builder builder) {
        this.fqdn = Checks.namePart("fqdn", builder.fqdn);
        this.port = Checks.port("port", builder.port);
        this.host = builder.host == null ? null : Checks.token("host", builder.host);
        this.clusterName = Checks.outbound(port, null, fqdn);
        this.authority = host != null ? host : fqdn;
    }

    /**
     * Returns the cluster {@code outbound|<port>||<fqdn>} with authority {@code fqdn}.
     *
     * @throws IllegalArgumentException if {@code fqdn} is empty or contains {@code |} or whitespace, or {@code port}
     *     is outside 1–65535
     */
    public static FqdnCluster of(String fqdn, int port) {
        return newBuilder().fqdn(fqdn).port(port).build();
    }

    /** Returns a builder; {@code fqdn} and {@code port} are required, {@code host} is optional. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Returns the fully qualified service name, registry suffix included. */
    public String fqdn() {
        return fqdn;
    }

    /** Returns the service port, 1–65535. */
    public int port() {
        return port;
    }

    /** Returns the authority override, or null when the authority is the FQDN. */
    public String host() {
        return host;
    }

    /** Returns {@code outbound|<port>||<fqdn>}; the context is ignored. */
    @Override
    public String clusterName(ClusterContext context) {
        Objects.requireNonNull(context, "context");
        return clusterName;
    }

    /** Returns the host if set, else the FQDN; the context is ignored. */
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
        if (!(o instanceof FqdnCluster)) {
            return false;
        }
        FqdnCluster that = (FqdnCluster) o;
        return port == that.port && fqdn.equals(that.fqdn) && Checks.equal(host, that.host);
    }

    @Override
    public int hashCode() {
        return (fqdn.hashCode() * 31 + port) * 31 + Checks.hash(host);
    }

    /** Returns e.g. {@code FqdnCluster{outbound|80||httpbin.org, authority=httpbin.org}}. */
    @Override
    public String toString() {
        return Checks.toString("FqdnCluster", clusterName, authority);
    }

    /** Builds a {@link FqdnCluster}; each setter replaces the previous value. Not thread-safe. */
    public static final class Builder {
        private String fqdn;
        private int port;
        private String host;

        private Builder() {
        }

        /** Sets the fully qualified service name, e.g. {@code httpbin.org} or {@code redis.static}. Required. */
        public Builder fqdn(String fqdn) {
            this.fqdn = fqdn;
            return this;
        }

        /** Sets the service port, 1–65535. Required. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Sets the authority to send instead of the FQDN; null (the default) means the FQDN. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * Returns the cluster.
         *
         * @throws IllegalArgumentException naming the field, if {@code fqdn} is missing, empty or contains
         *     {@code |} or whitespace, {@code port} is outside 1–65535, or {@code host} is empty or contains
         *     whitespace
         */
        public FqdnCluster build() {
            return new FqdnCluster(this);
        }
    }
}
