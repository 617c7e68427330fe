package io.wasmjava.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClustersTest {
    private static final int REDIS_PORT = 6379;

    /** Row: display name, service name, service port, default port, expected descriptor, expected port. */
    static Stream<Arguments> services() {
        return Stream.of(
                arguments("x.static, port 0: StaticIpCluster on logical port 80",
                        "redis.static", 0, Clusters.NO_DEFAULT_PORT,
                        new StaticIpCluster("redis", 80, "redis.static"), 80),
                arguments("x.static, port 0: 80 wins over the caller's default",
                        "redis.static", 0, REDIS_PORT,
                        new StaticIpCluster("redis", 80, "redis.static"), 80),
                arguments("x.static, port given",
                        "redis.static", 6380, REDIS_PORT,
                        new StaticIpCluster("redis", 6380, "redis.static"),
                        6380),
                arguments("ip.static: the IP is the service name",
                        "10.0.0.1.static", 8000, Clusters.NO_DEFAULT_PORT,
                        new StaticIpCluster("10.0.0.1", 8000, "10.0.0.1.static"),
                        8000),
                arguments("x.dns, port 0: caller's default",
                        "my-redis.dns", 0, REDIS_PORT,
                        DnsCluster.of("my-redis", "my-redis.dns", REDIS_PORT), REDIS_PORT),
                arguments("x.dns, port given",
                        "es.dns", 443, Clusters.NO_DEFAULT_PORT, DnsCluster.of("es", "es.dns", 443), 443),
                arguments("svc.group.ns.nacos: NacosCluster",
                        "svc.DEFAULT-GROUP.public.nacos", 8080, Clusters.NO_DEFAULT_PORT,
                        new NacosCluster("svc", "DEFAULT-GROUP", "public", 8080, false, null,
                                "svc.DEFAULT-GROUP.public.nacos"),
                        8080),
                arguments("svc.group.ns.nacos-ext: NacosCluster from an external registry",
                        "svc.g.ns1.nacos-ext", 0, 80,
                        new NacosCluster("svc", "g", "ns1", 80, true, null, "svc.g.ns1.nacos-ext"),
                        80),
                arguments("nacos: dots in the service name stay in the service name",
                        "a.b.g.ns.nacos", 80, Clusters.NO_DEFAULT_PORT,
                        new NacosCluster("a.b", "g", "ns", 80, false, null, "a.b.g.ns.nacos"),
                        80),
                arguments("svc.ns.svc.cluster.local: K8sCluster",
                        "redis.infra.svc.cluster.local", 0, REDIS_PORT,
                        K8sCluster.of("redis", "infra", REDIS_PORT), REDIS_PORT),
                arguments("svc.dc.consul: ConsulCluster",
                        "foo.dc1.consul", 8500, Clusters.NO_DEFAULT_PORT,
                        new ConsulCluster("foo", "dc1", 8500, "foo.dc1.consul"),
                        8500),
                arguments("consul: dots in the service name stay in the service name",
                        "a.b.dc1.consul", 8500, Clusters.NO_DEFAULT_PORT,
                        new ConsulCluster("a.b", "dc1", 8500, "a.b.dc1.consul"),
                        8500),
                arguments("plain domain: FqdnCluster",
                        "httpbin.org", 0, 80, FqdnCluster.of("httpbin.org", 80), 80),
                arguments("bare IP: FqdnCluster",
                        "10.0.0.1", 6379, Clusters.NO_DEFAULT_PORT, FqdnCluster.of("10.0.0.1", 6379), 6379),
                arguments("fallback: .static alone has no service name",
                        ".static", 0, Clusters.NO_DEFAULT_PORT, FqdnCluster.of(".static", 80), 80),
                arguments("fallback: .dns alone has no service name",
                        ".dns", 53, Clusters.NO_DEFAULT_PORT, FqdnCluster.of(".dns", 53), 53),
                arguments("fallback: nacos without group and namespace",
                        "svc.nacos", 80, Clusters.NO_DEFAULT_PORT, FqdnCluster.of("svc.nacos", 80), 80),
                arguments("fallback: nacos with an empty group label",
                        "svc..public.nacos", 80, Clusters.NO_DEFAULT_PORT, FqdnCluster.of("svc..public.nacos", 80),
                        80),
                arguments("fallback: nacos group with _ would be rewritten to -",
                        "svc.DEFAULT_GROUP.public.nacos", 80, Clusters.NO_DEFAULT_PORT,
                        FqdnCluster.of("svc.DEFAULT_GROUP.public.nacos", 80), 80),
                arguments("fallback: k8s name with three labels",
                        "a.b.c.svc.cluster.local", 80, Clusters.NO_DEFAULT_PORT,
                        FqdnCluster.of("a.b.c.svc.cluster.local", 80), 80),
                arguments("fallback: k8s name without namespace",
                        "redis.svc.cluster.local", 80, Clusters.NO_DEFAULT_PORT,
                        FqdnCluster.of("redis.svc.cluster.local", 80), 80),
                arguments("fallback: consul without datacenter",
                        "foo.consul", 8500, Clusters.NO_DEFAULT_PORT, FqdnCluster.of("foo.consul", 8500), 8500),
                arguments("suffixes are case-sensitive, like Go's HasSuffix",
                        "redis.STATIC", 0, REDIS_PORT, FqdnCluster.of("redis.STATIC", REDIS_PORT), REDIS_PORT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void mapsTheServiceNameToTheDescriptorOfItsRegistry(
            String row, String serviceName, int servicePort, int defaultPort, Cluster expected, int port) {
        assertThat(Clusters.fromService(serviceName, servicePort, defaultPort)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void sendsWhatTheGoPluginsSendWithFqdnClusterOfTheServiceName(
            String row, String serviceName, int servicePort, int defaultPort, Cluster expected, int port) {
        Cluster cluster = Clusters.fromService(serviceName, servicePort, defaultPort);
        // Go: wrapper.FQDNCluster{FQDN: serviceName, Port: port}
        FqdnCluster go = FqdnCluster.of(serviceName, port);

        assertThat(cluster.clusterName(ClusterContext.NONE))
                .isEqualTo(go.clusterName(ClusterContext.NONE))
                .isEqualTo("outbound|" + port + "||" + serviceName);
        assertThat(cluster.authority(ClusterContext.NONE))
                .isEqualTo(go.authority(ClusterContext.NONE))
                .isEqualTo(serviceName);
    }

    @Test
    void twoArgumentFormDefaultsOnlyStaticServices() {
        assertThat(Clusters.fromService("redis.static", 0)).isEqualTo(Clusters.fromService("redis.static", 0, 9999));
        assertThat(Clusters.fromService("redis.static", 0).clusterName(ClusterContext.NONE))
                .isEqualTo("outbound|80||redis.static");
        assertThat(Clusters.fromService("httpbin.org", 443)).isEqualTo(FqdnCluster.of("httpbin.org", 443));
    }

    static Stream<Arguments> invalidServices() {
        return Stream.of(
                arguments("empty name", (ThrowingCallable) () -> Clusters.fromService("", 80),
                        "serviceName: must not be empty"),
                arguments("blank name", (ThrowingCallable) () -> Clusters.fromService(" \t", 80),
                        "serviceName: must not be empty"),
                arguments("null name (absent from the config)",
                        (ThrowingCallable) () -> Clusters.fromService(null, 80, REDIS_PORT),
                        "serviceName: must not be empty"),
                arguments("name containing the | separator",
                        (ThrowingCallable) () -> Clusters.fromService("outbound|80||a.static", 80),
                        "serviceName: must not contain '|' but was \"outbound|80||a.static\""),
                arguments("name with surrounding spaces",
                        (ThrowingCallable) () -> Clusters.fromService(" redis.static", 80),
                        "serviceName: must not contain whitespace or control characters but was \" redis.static\""),
                arguments("port 70000", (ThrowingCallable) () -> Clusters.fromService("redis.static", 70000),
                        "servicePort: must be 1-65535 but was 70000"),
                arguments("negative port is not defaulted",
                        (ThrowingCallable) () -> Clusters.fromService("redis", -1, REDIS_PORT),
                        "servicePort: must be 1-65535 but was -1"),
                arguments("port 0 and no default for a non-static name",
                        (ThrowingCallable) () -> Clusters.fromService("my-redis.dns", 0),
                        "servicePort: must be 1-65535 but was 0"),
                arguments("default port 70000",
                        (ThrowingCallable) () -> Clusters.fromService("redis", 0, 70000),
                        "defaultPort: must be 0 (none) or 1-65535 but was 70000"),
                arguments("negative default port, even when unused",
                        (ThrowingCallable) () -> Clusters.fromService("redis", 6379, -1),
                        "defaultPort: must be 0 (none) or 1-65535 but was -1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidServices")
    void rejectsInvalidServicesWithTheFieldInTheMessage(String row, ThrowingCallable call, String message) {
        assertThatThrownBy(call).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
