package io.wasmjava.cluster;

import java.util.Objects;

/**
 * The upstream cluster of the current request's route: Go's {@code RouteCluster}. Use it to call the same backend
 * the request is routed to, for example to retry it.
 *
 * <ul>
 *   <li>Cluster name: the request's {@code cluster_name} property, read from the {@link ClusterContext} at call
 *       time.
 *   <li>Authority: the host if set, else the request's {@code :authority}.
 * </ul>
 *
 * <p>Both depend on the request, so a {@code RouteCluster} works only inside one. Where Go logs and returns an empty
 * cluster name outside a request, this class throws {@link IllegalStateException}.
 *
 * @param host the authority to send, or null to send the current request's {@code :authority}
 */
public record RouteCluster(String host) implements Cluster {
    private static final RouteCluster REQUEST_AUTHORITY = new RouteCluster(null);

    /**
     * Checks the host.
     *
     * @throws IllegalArgumentException if {@code host} is empty or contains whitespace
     */
    public RouteCluster {
        Checks.optionalToken("host", host);
    }

    /** Returns the route's cluster, sending the current request's {@code :authority}. */
    public static RouteCluster create() {
        return REQUEST_AUTHORITY;
    }

    /**
     * Returns the route's cluster, sending {@code host} as the {@code :authority}.
     *
     * @throws IllegalArgumentException if {@code host} is null, empty or contains whitespace
     */
    public static RouteCluster of(String host) {
        return new RouteCluster(Checks.token("host", host));
    }

    /**
     * Returns {@link ClusterContext#routeClusterName()}, read now.
     *
     * @throws IllegalStateException if the context has no {@code cluster_name} (null or empty), e.g. it is
     *     {@link ClusterContext#NONE}
     */
    @Override
    public String clusterName(ClusterContext context) {
        String name = Objects.requireNonNull(context, "context").routeClusterName();
        if (name == null || name.isEmpty()) {
            throw new IllegalStateException("RouteCluster used outside a request: no cluster_name property");
        }
        return name;
    }

    /**
     * Returns the host if set, else {@link ClusterContext#requestAuthority()}, read now.
     *
     * @throws IllegalStateException if no host is set and the context has no {@code :authority} (null or empty)
     */
    @Override
    public String authority(ClusterContext context) {
        Objects.requireNonNull(context, "context");
        if (host != null) {
            return host;
        }
        String authority = context.requestAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new IllegalStateException("RouteCluster has no host and the request has no :authority");
        }
        return authority;
    }
}
