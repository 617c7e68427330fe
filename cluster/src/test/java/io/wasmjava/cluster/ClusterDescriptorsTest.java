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

class ClusterDescriptorsTest {
    private static final ClusterContext REQUEST = new FakeClusterContext("outbound|443||route.dns", "request.example");

    /** WG pkg/wrapper/cluster_wrapper_test.go TestClusterAndHost, plus examples/http-call/main_test.go. */
    static Stream<Arguments> goSdkVectors() {
        return Stream.of(
                arguments("k8s: foo in bar, version 1.0",
                        new K8sCluster("foo", "bar", 8080, "1.0", null),
                        "outbound|8080|1.0|foo.bar.svc.cluster.local", "foo.bar.svc.cluster.local"),
                arguments("k8s: default namespace, host set",
                        new K8sCluster("foo", null, 8080, null, "www.example.com"),
                        "outbound|8080||foo.default.svc.cluster.local", "www.example.com"),
                arguments("nacos: group DEFAULT_GROUP becomes DEFAULT-GROUP",
                        new NacosCluster("foo", "DEFAULT_GROUP", "xxxx", 8080, false, "1.0", null),
                        "outbound|8080|1.0|foo.DEFAULT-GROUP.xxxx.nacos", "foo"),
                arguments("nacos: ext registry, default group, host set",
                        new NacosCluster("foo", null, "xxxx", 8080, true, null, "www.test.com"),
                        "outbound|8080||foo.DEFAULT-GROUP.xxxx.nacos-ext", "www.test.com"),
                arguments("static: host set",
                        new StaticIpCluster("foo", 8080, "www.test.com"),
                        "outbound|8080||foo.static", "www.test.com"),
                arguments("dns: authority is the domain",
                        DnsCluster.of("foo", "www.test.com", 8080),
                        "outbound|8080||foo.dns", "www.test.com"),
                arguments("fqdn: examples/http-call httpbin.org:80",
                        FqdnCluster.of("httpbin.org", 80),
                        "outbound|80||httpbin.org", "httpbin.org"));
    }

    /** The remaining rows of the §3 table: defaults and the fields the Go vectors do not cover. */
    static Stream<Arguments> sdkTableVectors() {
        return Stream.of(
                arguments("k8s: no namespace defaults to default in the authority too (Go gives foo..svc)",
                        K8sCluster.of("foo", null, 8080),
                        "outbound|8080||foo.default.svc.cluster.local", "foo.default.svc.cluster.local"),
                arguments("k8s: of() with a namespace",
                        K8sCluster.of("redis", "infra", 6379),
                        "outbound|6379||redis.infra.svc.cluster.local", "redis.infra.svc.cluster.local"),
                arguments("nacos: every _ of the group becomes -",
                        new NacosCluster("svc", "my_group_a", "public", 80, false, null, null),
                        "outbound|80||svc.my-group-a.public.nacos", "svc"),
                arguments("nacos: of() uses DEFAULT-GROUP and the service name as authority",
                        NacosCluster.of("svc", "public", 8848),
                        "outbound|8848||svc.DEFAULT-GROUP.public.nacos", "svc"),
                arguments("static: no host, authority is the service name",
                        StaticIpCluster.of("10.0.0.1", 80),
                        "outbound|80||10.0.0.1.static", "10.0.0.1"),
                arguments("consul: no host",
                        ConsulCluster.of("foo", "dc1", 8500),
                        "outbound|8500||foo.dc1.consul", "foo"),
                arguments("consul: host set",
                        new ConsulCluster("foo", "dc1", 8500, "foo.service.consul"),
                        "outbound|8500||foo.dc1.consul", "foo.service.consul"),
                arguments("fqdn: host set",
                        new FqdnCluster("redis.static", 6379, "redis"),
                        "outbound|6379||redis.static", "redis"),
                arguments("target: both strings verbatim",
                        TargetCluster.of("outbound|10000||local_cluster.static", "localhost:10000"),
                        "outbound|10000||local_cluster.static", "localhost:10000"),
                arguments("target: a hand-written envoy.yaml name verbatim",
                        TargetCluster.of("mycluster.static", "mycluster"),
                        "mycluster.static", "mycluster"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"goSdkVectors", "sdkTableVectors"})
    void producesTheGoSdkClusterNameAndAuthority(String row, Cluster cluster, String clusterName, String authority) {
        assertThat(cluster.clusterName(ClusterContext.NONE)).isEqualTo(clusterName);
        assertThat(cluster.authority(ClusterContext.NONE)).isEqualTo(authority);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"goSdkVectors", "sdkTableVectors"})
    void ignoresTheRequestContext(String row, Cluster cluster, String clusterName, String authority) {
        assertThat(cluster.clusterName(REQUEST)).isEqualTo(clusterName);
        assertThat(cluster.authority(REQUEST)).isEqualTo(authority);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"goSdkVectors", "sdkTableVectors"})
    void givesTheSameStringsWithoutAContext(String row, Cluster cluster, String clusterName, String authority) {
        FixedCluster fixed = (FixedCluster) cluster;
        assertThat(fixed.clusterName()).isEqualTo(clusterName);
        assertThat(fixed.authority()).isEqualTo(authority);
    }

    static Stream<Arguments> invalidArguments() {
        return Stream.of(
                arguments("fqdn: null",
                        (ThrowingCallable) () -> new FqdnCluster(null, 80, null),
                        "fqdn: must not be empty"),
                arguments("fqdn: empty", (ThrowingCallable) () -> FqdnCluster.of("", 80),
                        "fqdn: must not be empty"),
                arguments("fqdn: contains the | separator", (ThrowingCallable) () -> FqdnCluster.of("a|b", 80),
                        "fqdn: must not contain '|' but was \"a|b\""),
                arguments("fqdn: contains a space", (ThrowingCallable) () -> FqdnCluster.of("a b", 80),
                        "fqdn: must not contain whitespace or control characters but was \"a b\""),
                arguments("fqdn: port 0",
                        (ThrowingCallable) () -> new FqdnCluster("httpbin.org", 0, null),
                        "port: must be 1-65535 but was 0"),
                arguments("fqdn: port negative", (ThrowingCallable) () -> FqdnCluster.of("httpbin.org", -1),
                        "port: must be 1-65535 but was -1"),
                arguments("fqdn: port 65536", (ThrowingCallable) () -> FqdnCluster.of("httpbin.org", 65536),
                        "port: must be 1-65535 but was 65536"),
                arguments("fqdn: host empty",
                        (ThrowingCallable) () -> new FqdnCluster("a", 80, ""),
                        "host: must not be empty"),
                arguments("fqdn: host with a tab",
                        (ThrowingCallable) () -> new FqdnCluster("a", 80, "a\tb"),
                        "host: must not contain whitespace or control characters but was \"a\tb\""),
                arguments("static: blank service name", (ThrowingCallable) () -> StaticIpCluster.of("  ", 80),
                        "serviceName: must not be empty"),
                arguments("static: port 70000", (ThrowingCallable) () -> StaticIpCluster.of("foo", 70000),
                        "port: must be 1-65535 but was 70000"),
                arguments("dns: empty service name",
                        (ThrowingCallable) () -> DnsCluster.of("", "www.test.com", 8080),
                        "serviceName: must not be empty"),
                arguments("dns: null domain", (ThrowingCallable) () -> DnsCluster.of("foo", null, 8080),
                        "domain: must not be empty"),
                arguments("dns: port 0", (ThrowingCallable) () -> DnsCluster.of("foo", "www.test.com", 0),
                        "port: must be 1-65535 but was 0"),
                arguments("nacos: namespace id missing",
                        (ThrowingCallable) () -> new NacosCluster("foo", null, null, 80, false, null, null),
                        "namespaceId: must not be empty"),
                arguments("nacos: group empty",
                        (ThrowingCallable) () -> new NacosCluster("foo", "", "public", 80, false, null, null),
                        "group: must not be empty"),
                arguments("nacos: version contains the | separator",
                        (ThrowingCallable) () -> new NacosCluster("foo", null, "public", 80, false, "1|2", null),
                        "version: must not contain '|' but was \"1|2\""),
                arguments("k8s: service name missing",
                        (ThrowingCallable) () -> new K8sCluster(null, null, 80, null, null),
                        "serviceName: must not be empty"),
                arguments("k8s: namespace empty (null means default)",
                        (ThrowingCallable) () -> K8sCluster.of("foo", "", 80),
                        "namespace: must not be empty"),
                arguments("k8s: version empty (null means none)",
                        (ThrowingCallable) () -> new K8sCluster("foo", null, 80, "", null),
                        "version: must not be empty"),
                arguments("consul: datacenter missing",
                        (ThrowingCallable) () -> new ConsulCluster("foo", null, 8500, null),
                        "datacenter: must not be empty"),
                arguments("route: host empty", (ThrowingCallable) () -> RouteCluster.of(""),
                        "host: must not be empty"),
                arguments("target: cluster name empty", (ThrowingCallable) () -> TargetCluster.of("", "h"),
                        "clusterName: must not be empty"),
                arguments("target: host null",
                        (ThrowingCallable) () -> TargetCluster.of("outbound|80||a.static", null),
                        "host: must not be empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidArguments")
    void rejectsInvalidArgumentsNamingTheField(String row, ThrowingCallable build, String message) {
        assertThatThrownBy(build).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void acceptsThePortBoundaries() {
        assertThat(FqdnCluster.of("a", 1).clusterName(ClusterContext.NONE)).isEqualTo("outbound|1||a");
        assertThat(FqdnCluster.of("a", 65535).clusterName(ClusterContext.NONE)).isEqualTo("outbound|65535||a");
    }

    @Test
    void exposesTheGivenFieldsAndTheDefaults() {
        NacosCluster nacos = NacosCluster.of("svc", "public", 8848);
        assertThat(nacos.group()).isEqualTo(NacosCluster.DEFAULT_GROUP);
        assertThat(nacos.version()).isNull();
        assertThat(nacos.host()).isNull();
        assertThat(nacos.extRegistry()).isFalse();
        K8sCluster k8s = K8sCluster.of("foo", null, 8080);
        assertThat(k8s.namespace()).isEqualTo(K8sCluster.DEFAULT_NAMESPACE);
        assertThat(k8s.version()).isNull();
        assertThat(StaticIpCluster.of("foo", 80).serviceName()).isEqualTo("foo");
        assertThat(DnsCluster.of("foo", "www.test.com", 8080).domain()).isEqualTo("www.test.com");
        assertThat(TargetCluster.of("c", "h").clusterName()).isEqualTo("c");
    }

    @Test
    void rejectsANullContext() {
        assertThatThrownBy(() -> FqdnCluster.of("a", 80).clusterName(null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("context");
    }

    static Stream<Arguments> equalPairs() {
        return Stream.of(
                arguments("fqdn: of() and the builder",
                        FqdnCluster.of("httpbin.org", 80),
                        new FqdnCluster("httpbin.org", 80, null)),
                arguments("static: same host",
                        new StaticIpCluster("foo", 80, "h"),
                        new StaticIpCluster("foo", 80, "h")),
                arguments("dns", DnsCluster.of("foo", "d", 80), DnsCluster.of("foo", "d", 80)),
                arguments("nacos: no group and DEFAULT_GROUP",
                        NacosCluster.of("svc", "public", 80),
                        new NacosCluster("svc", "DEFAULT_GROUP", "public", 80, false, null, null)),
                arguments("k8s: no namespace and default",
                        K8sCluster.of("foo", null, 8080),
                        new K8sCluster("foo", "default", 8080, null, null)),
                arguments("consul", ConsulCluster.of("foo", "dc1", 80), ConsulCluster.of("foo", "dc1", 80)),
                arguments("route: no host", RouteCluster.create(), RouteCluster.create()),
                arguments("route: same host", RouteCluster.of("h"), RouteCluster.of("h")),
                arguments("target", TargetCluster.of("c", "h"), TargetCluster.of("c", "h")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("equalPairs")
    void equalValuesAreEqualWithEqualHashCodes(String row, Cluster a, Cluster b) {
        assertThat(a).isEqualTo(b);
        assertThat(b).isEqualTo(a);
        assertThat(a).hasSameHashCodeAs(b);
        assertThat(a).hasToString(b.toString());
    }

    static Stream<Arguments> unequalPairs() {
        return Stream.of(
                arguments("fqdn: port", FqdnCluster.of("a", 80), FqdnCluster.of("a", 81)),
                arguments("fqdn: host",
                        FqdnCluster.of("a", 80), new FqdnCluster("a", 80, "h")),
                arguments("static: service name", StaticIpCluster.of("a", 80), StaticIpCluster.of("b", 80)),
                arguments("dns: domain", DnsCluster.of("foo", "d1", 80), DnsCluster.of("foo", "d2", 80)),
                arguments("nacos: ext registry",
                        NacosCluster.of("svc", "public", 80),
                        new NacosCluster("svc", null, "public", 80, true, null, null)),
                arguments("nacos: version",
                        NacosCluster.of("svc", "public", 80),
                        new NacosCluster("svc", null, "public", 80, false, "1.0", null)),
                arguments("k8s: namespace", K8sCluster.of("foo", "a", 80), K8sCluster.of("foo", "b", 80)),
                arguments("consul: datacenter", ConsulCluster.of("foo", "dc1", 80), ConsulCluster.of("foo", "dc2", 80)),
                arguments("route: host", RouteCluster.create(), RouteCluster.of("h")),
                arguments("target: host", TargetCluster.of("c", "h1"), TargetCluster.of("c", "h2")),
                arguments("different types with the same cluster name and authority",
                        FqdnCluster.of("foo.static", 80),
                        new StaticIpCluster("foo", 80, "foo.static")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unequalPairs")
    void valuesDifferingInAFieldAreNotEqual(String row, Cluster a, Cluster b) {
        assertThat(a).isNotEqualTo(b);
        assertThat(b).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(null);
    }
}
