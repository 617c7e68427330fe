package io.wasmjava.cluster;

/** A {@link ClusterContext} with fixed answers, standing in for a request. */
final class FakeClusterContext implements ClusterContext {
    private final String routeClusterName;
    private final String requestAuthority;

    FakeClusterContext(String routeClusterName, String requestAuthority) {
        this.routeClusterName = routeClusterName;
        this.requestAuthority = requestAuthority;
    }

    @Override
    public String routeClusterName() {
        return routeClusterName;
    }

    @Override
    public String requestAuthority() {
        return requestAuthority;
    }
}
