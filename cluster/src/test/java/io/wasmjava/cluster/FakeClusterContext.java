package io.wasmjava.cluster;

/** A {@link ClusterContext} with fixed answers, standing in for a request. */
record FakeClusterContext(String routeClusterName, String requestAuthority) implements ClusterContext {
}
