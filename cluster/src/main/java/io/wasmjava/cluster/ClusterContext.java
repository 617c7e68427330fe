package io.wasmjava.cluster;

/**
 * What a {@link Cluster} may read from the request a callout is made for. The HTTP and Redis clients implement this
 * over the current request; outside a request they pass {@link #NONE}.
 *
 * <p>Only {@link RouteCluster} reads the context; the other descriptors ignore it.
 */
public interface ClusterContext {

    /** A context with no request: both methods return null. */
    ClusterContext NONE = new ClusterContext() {
        @Override
        public String routeClusterName() {
            return null;
        }

        @Override
        public String requestAuthority() {
            return null;
        }

        @Override
        public String toString() {
            return "ClusterContext.NONE";
        }
    };

    /**
     * Returns the upstream cluster of the current request's route: the value of the {@code cluster_name} property.
     *
     * @return the cluster name, or null when there is no current request or the property is unknown
     */
    String routeClusterName();

    /**
     * Returns the current request's {@code :authority} header.
     *
     * @return the authority, or null when there is no current request or it has no {@code :authority}
     */
    String requestAuthority();
}
