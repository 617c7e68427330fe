package io.wasmjava.cluster;

/**
 * Where a callout goes: the Envoy upstream cluster name passed to {@code proxy_http_call} or
 * {@code proxy_redis_call}, and the {@code :authority} the HTTP client sends with it.
 *
 * <p>The descriptors in this package ({@link FqdnCluster}, {@link StaticIpCluster}, {@link DnsCluster},
 * {@link NacosCluster}, {@link K8sCluster}, {@link ConsulCluster}, {@link TargetCluster}) are records, the
 * {@link FixedCluster}s: they ignore the context and always return the same strings. {@link RouteCluster} reads both from the current request,
 * so it only works while a request is being handled. {@link Clusters#fromService(String, int)} builds a descriptor
 * from a service name as Higress plugin configurations carry it.
 *
 * <p>Implementations must be immutable and must not call the host themselves: everything request-dependent comes
 * from the {@link ClusterContext} the caller passes in.
 */
public interface Cluster {

    /**
     * Returns the Envoy cluster name, for example {@code outbound|8080||foo.static}. The name must match a cluster
     * that Envoy knows, or the host rejects the callout with {@code BAD_ARGUMENT}.
     *
     * @param context the request the callout is made for, or {@link ClusterContext#NONE} outside a request
     * @return the cluster name, never empty
     * @throws IllegalStateException if the name depends on the request and {@code context} cannot supply it
     */
    String clusterName(ClusterContext context);

    /**
     * Returns the {@code :authority} to send to the cluster. The HTTP client replaces it with the host of the request
     * URL when that URL is absolute.
     *
     * @param context the request the callout is made for, or {@link ClusterContext#NONE} outside a request
     * @return the authority, never empty
     * @throws IllegalStateException if the authority depends on the request and {@code context} cannot supply it
     */
    String authority(ClusterContext context);
}
