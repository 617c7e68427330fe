package io.wasmjava.cluster;

import java.util.Objects;

/**
 * A cluster given by its raw Envoy name: Go's {@code TargetCluster}. Both strings are used verbatim, e.g. for a
 * cluster that {@code envoy.yaml} declares by hand or one whose name came from elsewhere.
 *
 * <ul>
 *   <li>Cluster name: {@code clusterName} as given, e.g. {@code outbound|10000||local_cluster.static}.
 *   <li>Authority: {@code host} as given.
 * </ul>
 */
public final class TargetCluster implements Cluster {
    private final String clusterName;
    private final String host;

    private TargetCluster(String clusterName, String host) {
        this.clusterName = Checks.token("clusterName", clusterName);
        this.host = Checks.token("host", host);
    }

    /**
     * Returns the cluster named {@code clusterName}, sending {@code host} as the {@code :authority}.
     *
     * @throws IllegalArgumentException naming the field, if {@code clusterName} or {@code host} is empty or
     *     contains whitespace
     */
    public static TargetCluster of(String clusterName, String host) {
        return new TargetCluster(clusterName, host);
    }

    /** Returns the raw cluster name. */
    public String clusterName() {
        return clusterName;
    }

    /** Returns the authority. */
    public String host() {
        return host;
    }

    /** Returns the cluster name verbatim; the context is ignored. */
    @Override
    public String clusterName(ClusterContext context) {
        Objects.requireNonNull(context, "context");
        return clusterName;
    }

    /** Returns the host verbatim; the context is ignored. */
    @Override
    public String authority(ClusterContext context) {
        Objects.requireNonNull(context, "context");
        return host;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TargetCluster)) {
            return false;
        }
        TargetCluster that = (TargetCluster) o;
        return clusterName.equals(that.clusterName) && host.equals(that.host);
    }

    @Override
    public int hashCode() {
        return clusterName.hashCode() * 31 + host.hashCode();
    }

    /** Returns e.g. {@code TargetCluster{outbound|10000||local_cluster.static, authority=localhost}}. */
    @Override
    public String toString() {
        return Checks.toString("TargetCluster", clusterName, host);
    }
}
