package io.wasmjava.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteClusterTest {
    private static final ClusterContext ORDERS =
            new FakeClusterContext("outbound|8080||orders.default.svc.cluster.local", "shop.example.com");
    private static final ClusterContext USERS = new FakeClusterContext("outbound|80||users.static", "api.example.com");

    @Test
    void readsTheClusterNameFromEachRequestAtCallTime() {
        RouteCluster cluster = RouteCluster.create();

        assertThat(cluster.clusterName(ORDERS)).isEqualTo("outbound|8080||orders.default.svc.cluster.local");
        assertThat(cluster.clusterName(USERS)).isEqualTo("outbound|80||users.static");
    }

    @Test
    void sendsEachRequestsAuthorityWhenNoHostIsSet() {
        RouteCluster cluster = RouteCluster.create();

        assertThat(cluster.host()).isNull();
        assertThat(cluster.authority(ORDERS)).isEqualTo("shop.example.com");
        assertThat(cluster.authority(USERS)).isEqualTo("api.example.com");
    }

    @Test
    void sendsTheHostInsteadOfTheRequestsAuthority() {
        RouteCluster cluster = RouteCluster.of("graphql.internal");

        assertThat(cluster.authority(ORDERS)).isEqualTo("graphql.internal");
        assertThat(cluster.authority(ClusterContext.NONE)).isEqualTo("graphql.internal");
        assertThat(cluster.clusterName(ORDERS)).isEqualTo("outbound|8080||orders.default.svc.cluster.local");
    }

    @Test
    void failsOutsideARequestInsteadOfReturningAnEmptyName() {
        assertThatThrownBy(() -> RouteCluster.of("h").clusterName(ClusterContext.NONE))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("RouteCluster used outside a request: no cluster_name property");
    }

    @Test
    void treatsAnEmptyClusterNamePropertyAsMissing() {
        assertThatThrownBy(() -> RouteCluster.create().clusterName(new FakeClusterContext("", "h")))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("RouteCluster used outside a request: no cluster_name property");
    }

    @Test
    void failsWhenNeitherHostNorRequestAuthorityIsAvailable() {
        assertThatThrownBy(() -> RouteCluster.create().authority(ClusterContext.NONE))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("RouteCluster has no host and the request has no :authority");
        assertThatThrownBy(() -> RouteCluster.create().authority(new FakeClusterContext("c", null)))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("RouteCluster has no host and the request has no :authority");
    }

    @Test
    void noneContextHasNeitherClusterNameNorAuthority() {
        assertThat(ClusterContext.NONE.routeClusterName()).isNull();
        assertThat(ClusterContext.NONE.requestAuthority()).isNull();
        assertThat(ClusterContext.NONE).hasToString("ClusterContext.NONE");
    }
}
