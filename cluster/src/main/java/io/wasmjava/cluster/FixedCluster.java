package io.wasmjava.cluster;

import java.util.Objects;

/**
 * A cluster whose name and authority are fixed when it is built: every descriptor in this package except
 * {@link RouteCluster}. Each is a record whose components mirror the fields of its Go namesake in
 * {@code pkg/wrapper/cluster_wrapper.go}, checked by its constructor.
 *
 * <p>The {@link Cluster} methods ignore the context and return {@link #clusterName()} and {@link #authority()}.
 */
public sealed interface FixedCluster extends Cluster
        permits FqdnCluster, StaticIpCluster, DnsCluster, NacosCluster, K8sCluster, ConsulCluster, TargetCluster {

    /** Returns the Envoy cluster name, e.g. {@code outbound|8080||foo.static}; never empty. */
    String clusterName();

    /** Returns the {@code :authority} to send; never empty. */
    String authority();

    /**
     * Returns {@link #clusterName()}; the context is ignored.
     *
     * @throws NullPointerException if {@code context} is null
     */
    @Override
    default String clusterName(ClusterContext context) {
        Objects.requireNonNull(context, "context");
        return clusterName();
    }

    /**
     * Returns {@link #authority()}; the context is ignored.
     *
     * @throws NullPointerException if {@code context} is null
     */
    @Override
    default String authority(ClusterContext context) {
        Objects.requireNonNull(context, "context");
        return authority();
    }
}
