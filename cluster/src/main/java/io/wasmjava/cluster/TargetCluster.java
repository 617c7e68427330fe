package io.wasmjava.cluster;

/**
 * A cluster given by its raw Envoy name: Go's {@code TargetCluster}. Both strings are used verbatim, e.g. for a
 * cluster that {@code envoy.yaml} declares by hand or one whose name came from elsewhere.
 *
 * <ul>
 *   <li>Cluster name: {@code clusterName} as given, e.g. {@code outbound|10000||local_cluster.static}.
 *   <li>Authority: {@code host} as given.
 * </ul>
 *
 * @param clusterName the raw cluster name
 * @param host the authority
 */
public record TargetCluster(String clusterName, String host) implements FixedCluster {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException naming the field, if {@code clusterName} or {@code host} is empty or
     *     contains whitespace
     */
    public TargetCluster {
        Checks.token("clusterName", clusterName);
        Checks.token("host", host);
    }

    /** Returns the cluster named {@code clusterName}, sending {@code host}: the same as the constructor. */
    public static TargetCluster of(String clusterName, String host) {
        return new TargetCluster(clusterName, host);
    }

    /** Returns the host verbatim. */
    @Override
    public String authority() {
        return host;
    }
}
