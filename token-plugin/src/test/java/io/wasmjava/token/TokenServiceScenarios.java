package io.wasmjava.token;

import static io.wasmjava.token.TokenPluginScenarios.PAUSED;
import static io.wasmjava.token.TokenPluginScenarios.PLUGIN_LOG;
import static io.wasmjava.token.TokenPluginScenarios.REQUEST;
import static io.wasmjava.token.TokenPluginScenarios.assertRefuses;
import static io.wasmjava.token.TokenPluginScenarios.onlyCall;
import static io.wasmjava.token.TokenPluginScenarios.plus;
import static io.wasmjava.token.TokenPluginScenarios.request;
import static io.wasmjava.token.TokenPluginScenarios.utf8;
import static io.wasmjava.token.TokenPluginScenarios.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.host.PendingHttpCall;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the token request goes: Higress {@code http-call}'s service fields, the seed's full service name and an
 * explicit cluster, each with the cluster name and {@code :authority} wasm-go gives it, plus the {@code deny-500}
 * preset that answers as the seed did. {@link TokenServiceTest} runs these on the JVM, {@link TokenServiceWasmIT} as
 * the compiled module.
 *
 * <p>Sources, all at alibaba/higress 4e0d6914 and higress-group/wasm-go b573359 (the version http-call's go.mod
 * pins): {@code HC} = {@code plugins/wasm-go/extensions/http-call/main.go}, {@code HCT} = its {@code main_test.go},
 * {@code CW} = wasm-go {@code pkg/wrapper/cluster_wrapper.go}.
 */
abstract class TokenServiceScenarios extends PluginScenarios {
    /** HCT:27-38 without the service fields: what every Higress test configuration shares. */
    static final String HIGRESS_BASE =
            "{\"bodyHeader\":\"x-response-body\",\"tokenHeader\":\"x-auth-token\",\"requestPath\":\"/api/auth\"}";
    /** HCT:27-38, the k8s configuration of Higress's tests. */
    static final String HIGRESS_K8S = with(HIGRESS_BASE, "\"serviceSource\":\"k8s\",\"serviceName\":\"auth-service\","
            + "\"servicePort\":8080,\"namespace\":\"default\"");
    static final String HIGRESS_K8S_CLUSTER = "outbound|8080||auth-service.default.svc.cluster.local";
    /** The body of HCT:261-265's token response. */
    static final String HIGRESS_BODY = "{\"message\": \"success\", \"data\": \"test-data\"}";

    /**
     * The answer of failureMode deny-500, the seed's: higress 4eb91e69 http-call/main.go:103-106,
     * {@code SendHttpResponse(500, nil, "http call failed")}, no headers.
     */
    static final LocalResponse DENY_500 = LocalResponse.of(500, Headers.empty(), "http call failed");
    /** HC:61-65's refusal of a missing, zero or unparsable servicePort, whatever the source. */
    static final String NO_SERVICE_PORT =
            "servicePort: invalid service config (serviceSource needs a servicePort other than 0)";

    /** Starts {@code config} on a host that knows only {@code cluster}: any other name is refused, as Envoy does. */
    PluginHarness startKnowing(String config, String cluster) {
        return start(harness().config(config).knownClusters(cluster));
    }

    // ---- each service form: cluster name and :authority ----

    static Stream<Arguments> services() {
        return Stream.of(
                // The case. CW:69-76 cluster name; CW:78-83 HostName (namespace set).
                arguments("k8s with a namespace",
                        "\"serviceSource\":\"k8s\",\"serviceName\":\"httpbin\",\"namespace\":\"prod\","
                                + "\"servicePort\":8000",
                        "outbound|8000||httpbin.prod.svc.cluster.local", "httpbin.prod.svc.cluster.local"),
                // HCT:27-38.
                arguments("k8s, Higress's test configuration",
                        "\"serviceSource\":\"k8s\",\"serviceName\":\"auth-service\",\"servicePort\":8080,"
                                + "\"namespace\":\"default\"",
                        HIGRESS_K8S_CLUSTER, "auth-service.default.svc.cluster.local"),
                // CW:70-73: an empty namespace is "default" in the cluster name. CW:82 leaves it empty in HostName
                // (auth-service..svc.cluster.local); we send the defaulted name (K8sCluster, README).
                arguments("k8s without a namespace: default",
                        "\"serviceSource\":\"k8s\",\"serviceName\":\"auth-service\",\"servicePort\":8080",
                        HIGRESS_K8S_CLUSTER, "auth-service.default.svc.cluster.local"),
                arguments("k8s with an empty namespace: default",
                        "\"serviceSource\":\"k8s\",\"serviceName\":\"auth-service\",\"servicePort\":8080,"
                                + "\"namespace\":\"\"",
                        HIGRESS_K8S_CLUSTER, "auth-service.default.svc.cluster.local"),
                arguments("k8s with a null namespace: default",
                        "\"serviceSource\":\"k8s\",\"serviceName\":\"auth-service\",\"servicePort\":8080,"
                                + "\"namespace\":null",
                        HIGRESS_K8S_CLUSTER, "auth-service.default.svc.cluster.local"),
                // HCT:41-52; HC:75-81 puts namespace in NamespaceID; CW:97-108 DEFAULT-GROUP, CW:110-115 HostName.
                arguments("nacos, Higress's test configuration",
                        "\"serviceSource\":\"nacos\",\"serviceName\":\"auth-service\",\"servicePort\":8080,"
                                + "\"namespace\":\"public\"",
                        "outbound|8080||auth-service.DEFAULT-GROUP.public.nacos", "auth-service"),
                arguments("nacos with a namespace id",
                        "\"serviceSource\":\"nacos\",\"serviceName\":\"orders\",\"servicePort\":8848,"
                                + "\"namespace\":\"d3f1c0de-7a2b-4c5d-9e8f-0a1b2c3d4e5f\"",
                        "outbound|8848||orders.DEFAULT-GROUP.d3f1c0de-7a2b-4c5d-9e8f-0a1b2c3d4e5f.nacos", "orders"),
                // HCT:55-65; HC:83-88; CW:123-132.
                arguments("ip, Higress's test configuration",
                        "\"serviceSource\":\"ip\",\"serviceName\":\"auth-service\",\"servicePort\":8080",
                        "outbound|8080||auth-service.static", "auth-service"),
                // HCT:68-79; HC:89-96; CW:140-146: the authority is the domain.
                arguments("dns, Higress's test configuration",
                        "\"serviceSource\":\"dns\",\"serviceName\":\"auth-service\",\"servicePort\":8080,"
                                + "\"domain\":\"auth.example.com\"",
                        "outbound|8080||auth-service.dns", "auth.example.com"),
                arguments("dns with a port in the domain",
                        "\"serviceSource\":\"dns\",\"serviceName\":\"idp\",\"servicePort\":443,"
                                + "\"domain\":\"idp.example.com:8443\"",
                        "outbound|443||idp.dns", "idp.example.com:8443"),
                // The seed's form (our README, Clusters.fromService): the full service name; CW:174-183.
                arguments("the seed's full service name, .static",
                        "\"serviceName\":\"token.static\",\"servicePort\":80",
                        "outbound|80||token.static", "token.static"),
                arguments("the seed's full service name, .static without a port: 80",
                        "\"serviceName\":\"token.static\"", "outbound|80||token.static", "token.static"),
                arguments("the seed's full service name, Kubernetes",
                        "\"serviceName\":\"httpbin.prod.svc.cluster.local\",\"servicePort\":8000",
                        "outbound|8000||httpbin.prod.svc.cluster.local", "httpbin.prod.svc.cluster.local"),
                arguments("a null serviceSource is the seed's form",
                        "\"serviceSource\":null,\"serviceName\":\"token.static\",\"servicePort\":80",
                        "outbound|80||token.static", "token.static"),
                // HC:61-62, 68: Higress reads these fields with gjson's String() and Int(), which convert (GjsonTest).
                arguments("k8s with servicePort as a string (the issue's case)",
                        "\"serviceSource\":\"k8s\",\"serviceName\":\"httpbin\",\"namespace\":\"prod\","
                                + "\"servicePort\":\"8000\"",
                        "outbound|8000||httpbin.prod.svc.cluster.local", "httpbin.prod.svc.cluster.local"),
                arguments("the seed's full service name with servicePort as a string",
                        "\"serviceName\":\"token.static\",\"servicePort\":\"80\"", "outbound|80||token.static",
                        "token.static"),
                arguments("dns with a whole servicePort in exponent notation",
                        "\"serviceSource\":\"dns\",\"serviceName\":\"idp\",\"servicePort\":4.43e2,"
                                + "\"domain\":\"idp.example.com\"",
                        "outbound|443||idp.dns", "idp.example.com"),
                arguments("ip with serviceName written as a number",
                        "\"serviceSource\":\"ip\",\"serviceName\":10,\"servicePort\":8080",
                        "outbound|8080||10.static", "10"),
                arguments("k8s with namespace written as a number",
                        "\"serviceSource\":\"k8s\",\"serviceName\":\"auth-service\",\"namespace\":2024,"
                                + "\"servicePort\":8080.0",
                        "outbound|8080||auth-service.2024.svc.cluster.local", "auth-service.2024.svc.cluster.local"),
                // An explicit authority replaces the derived one, like the Host field of CW's descriptors.
                arguments("k8s with an explicit authority",
                        "\"serviceSource\":\"k8s\",\"serviceName\":\"httpbin\",\"namespace\":\"prod\","
                                + "\"servicePort\":8000,\"authority\":\"auth.internal\"",
                        "outbound|8000||httpbin.prod.svc.cluster.local", "auth.internal"),
                arguments("an explicit cluster and authority",
                        "\"cluster\":\"outbound|443||auth.dns\",\"authority\":\"auth.example.com\"",
                        "outbound|443||auth.dns", "auth.example.com"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void callsTheClusterGoWouldCallWithItsAuthority(String form, String fields, String cluster, String authority) {
        PluginHarness harness = startKnowing(with(HIGRESS_BASE, fields), cluster);
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        PendingHttpCall call = onlyCall(harness);

        assertThat(call.cluster()).isEqualTo(cluster);
        assertThat(call.headers()).isEqualTo(
                Headers.of(":method", "GET", ":path", "/api/auth", ":authority", authority));
        // HCT:261-289: the token header and the body header reach the upstream request.
        call.respond(200, Headers.of("x-auth-token", "test-token-123", "content-type", "application/json"),
                utf8(HIGRESS_BODY));

        assertThat(stream.requestHeaders()).isEqualTo(
                plus(REQUEST, "x-auth-token", "test-token-123", "x-response-body", HIGRESS_BODY));
        assertThat(stream.requestResumeCount()).isEqualTo(1);
        assertThat(harness.logs(LogLevel.WARN)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void failsClosedWithTheSeedsAnswerInDeny500Mode(String form, String fields, String cluster, String authority) {
        PluginHarness harness = startKnowing(with(HIGRESS_BASE, fields + ",\"failureMode\":\"deny-500\""), cluster);
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK,
                "x-auth-token", "spoofed");
        PendingHttpCall call = onlyCall(harness);
        assertThat(call.cluster()).isEqualTo(cluster);

        // HCT:311-315's failed token service.
        call.respond(500, Headers.of("content-type", "application/json"),
                utf8("{\"error\": \"internal server error\"}"));

        assertThat(stream.localResponses()).containsExactly(DENY_500);
        assertThat(stream.requestResumed()).isFalse();
        assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void aHostThatLacksTheClusterRefusesTheFetch(String form, String fields, String cluster, String authority) {
        PluginHarness harness = startKnowing(with(HIGRESS_BASE, fields + ",\"failureMode\":\"deny-500\""),
                "outbound|8000||httpbin");

        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        assertThat(harness.pendingHttpCalls()).isEmpty();
        assertThat(stream.localResponses()).containsExactly(DENY_500);
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PLUGIN_LOG + "token fetch failed: DISPATCH_REFUSED: "
                + "dispatch to cluster " + cluster + " refused: proxy_http_call: BAD_ARGUMENT" + PAUSED);
    }

    // ---- failure modes on Higress's failing token service (HCT:294-337) ----

    static Stream<Arguments> fetchFailures() {
        return Stream.of(
                arguments("token service answers 500 (HCT:311-315)",
                        (Consumer<PendingHttpCall>) call -> call.respond(500,
                                Headers.of("content-type", "application/json"),
                                utf8("{\"error\": \"internal server error\"}"))),
                // wasm-go HttpCall (http_wrapper.go:125-142) reports a response without :status as 502.
                arguments("reset", (Consumer<PendingHttpCall>) PendingHttpCall::reset),
                arguments("Envoy's 504 timeout reply", (Consumer<PendingHttpCall>) PendingHttpCall::timeout),
                arguments("token service answers 401",
                        (Consumer<PendingHttpCall>) call -> call.respond(401, "{\"error\":\"invalid_client\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fetchFailures")
    void allowModeContinuesWithoutTheHeadersAsHigressDoesToday(String failure, Consumer<PendingHttpCall> fail) {
        PluginHarness harness = startKnowing(HIGRESS_K8S, HIGRESS_K8S_CLUSTER);
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        fail.accept(onlyCall(harness));

        // HCT:317-334: neither header is set and the request goes on.
        assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
        assertThat(stream.requestResumeCount()).isEqualTo(1);
        assertThat(stream.localResponses()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fetchFailures")
    void deny500AnswersAsTheSeedDid(String failure, Consumer<PendingHttpCall> fail) {
        PluginHarness harness = startKnowing(with(HIGRESS_K8S, "\"failureMode\":\"deny-500\""), HIGRESS_K8S_CLUSTER);
        HttpStream first = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        HttpStream second = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        fail.accept(onlyCall(harness));

        for (HttpStream stream : List.of(first, second)) {
            assertThat(stream.localResponses()).containsExactly(DENY_500);
            assertThat(stream.requestResumed()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"allow", "deny-500"})
    void aResponseWithoutTheTokenIsAFailedFetchAndSetsNoBodyHeader(String failureMode) {
        // HC:111-118 sets the body header even when the token header is missing; here a response without a token
        // is a failed fetch (README, divergences), so the failure mode decides and nothing half-injected goes on.
        PluginHarness harness = startKnowing(with(HIGRESS_K8S, "\"failureMode\":\"" + failureMode + "\""),
                HIGRESS_K8S_CLUSTER);
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        onlyCall(harness).respond(200, Headers.of("content-type", "application/json"), utf8(HIGRESS_BODY));

        assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
        assertThat(stream.localResponses()).isEqualTo(failureMode.equals("allow") ? List.of()
                : List.of(DENY_500));
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(
                PLUGIN_LOG + "token fetch failed: token response 200 carried no token" + PAUSED);
    }

    @Test
    void deny500InjectsTheTokenWhenTheFetchSucceeds() {
        PluginHarness harness = startKnowing(with(HIGRESS_K8S, "\"failureMode\":\"deny-500\""), HIGRESS_K8S_CLUSTER);
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        onlyCall(harness).respond(200, Headers.of("x-auth-token", "test-token-456"), utf8("{}"));

        assertThat(stream.requestHeaders()).isEqualTo(
                plus(REQUEST, "x-auth-token", "test-token-456", "x-response-body", "{}"));
        assertThat(stream.localResponses()).isEmpty();
    }

    // ---- fields Higress ignores: accepted, logged once at WARN with their path ----

    static Stream<Arguments> ignoredFields() {
        return Stream.of(
                // HC:67-74 reads no domain for k8s.
                arguments("a domain with k8s", with(HIGRESS_K8S, "\"domain\":\"auth.example.com\""),
                        HIGRESS_K8S_CLUSTER, List.of("domain: ignored with serviceSource k8s")),
                // HC:75-82.
                arguments("a domain with nacos",
                        with(HIGRESS_BASE, "\"serviceSource\":\"nacos\",\"serviceName\":\"auth-service\","
                                + "\"servicePort\":8080,\"namespace\":\"public\",\"domain\":\"auth.example.com\""),
                        "outbound|8080||auth-service.DEFAULT-GROUP.public.nacos",
                        List.of("domain: ignored with serviceSource nacos")),
                // HC:83-88 reads neither.
                arguments("a namespace and a domain with ip",
                        with(HIGRESS_BASE, "\"serviceSource\":\"ip\",\"serviceName\":\"auth-service\","
                                + "\"servicePort\":8080,\"namespace\":\"prod\",\"domain\":\"auth.example.com\""),
                        "outbound|8080||auth-service.static",
                        List.of("namespace: ignored with serviceSource ip", "domain: ignored with serviceSource ip")),
                // HC:89-96.
                arguments("a namespace with dns",
                        with(HIGRESS_BASE, "\"serviceSource\":\"dns\",\"serviceName\":\"auth-service\","
                                + "\"servicePort\":8080,\"domain\":\"auth.example.com\",\"namespace\":\"prod\""),
                        "outbound|8080||auth-service.dns", List.of("namespace: ignored with serviceSource dns")),
                // The form the issue reported: a namespace beside a bare name without serviceSource.
                arguments("a namespace without serviceSource",
                        with(HIGRESS_BASE, "\"serviceName\":\"httpbin\",\"namespace\":\"prod\",\"servicePort\":8000"),
                        "outbound|8000||httpbin",
                        List.of("namespace: ignored without serviceSource (serviceName is the full service name, "
                                + "e.g. httpbin.prod.svc.cluster.local)")),
                arguments("a servicePort with cluster",
                        with(HIGRESS_BASE, "\"cluster\":\"outbound|80||token.static\",\"servicePort\":8080"),
                        "outbound|80||token.static", List.of("servicePort: ignored with cluster")),
                // CW:123-125 appends .static to whatever the name is.
                arguments("a full .static name with ip",
                        with(HIGRESS_BASE, "\"serviceSource\":\"ip\",\"serviceName\":\"token.static\","
                                + "\"servicePort\":80"),
                        "outbound|80||token.static.static",
                        List.of("serviceName: \"token.static\" already ends in .static and serviceSource ip appends "
                                + "its own, so the token request goes to outbound|80||token.static.static, as in "
                                + "Higress; to give the full service name, leave serviceSource out")),
                // CW:74-75.
                arguments("a full Kubernetes name with k8s",
                        with(HIGRESS_BASE, "\"serviceSource\":\"k8s\","
                                + "\"serviceName\":\"httpbin.prod.svc.cluster.local\",\"servicePort\":8000"),
                        "outbound|8000||httpbin.prod.svc.cluster.local.default.svc.cluster.local",
                        List.of("serviceName: \"httpbin.prod.svc.cluster.local\" already ends in .svc.cluster.local "
                                + "and serviceSource k8s appends its own, so the token request goes to "
                                + "outbound|8000||httpbin.prod.svc.cluster.local.default.svc.cluster.local, as in "
                                + "Higress; to give the full service name, leave serviceSource out")),
                arguments("inside a rule, with the rule's path",
                        "{\"_rules_\":[{\"_match_route_\":[\"orders\"],\"serviceSource\":\"ip\","
                                + "\"serviceName\":\"auth-service\",\"servicePort\":8080,\"namespace\":\"prod\","
                                + "\"requestPath\":\"/api/auth\",\"tokenHeader\":\"x-auth-token\"}]}",
                        "outbound|8080||auth-service.static",
                        List.of("_rules_[0].namespace: ignored with serviceSource ip")));
    }

    /** Values gjson converts into something else (GjsonTest): accepted as Higress reads them, and reported. */
    static Stream<Arguments> lossyConversions() {
        return Stream.of(
                // HC:62, gjson.go:130: Int() truncates the float64.
                arguments("a servicePort with a fraction", HIGRESS_K8S.replace("8080", "8080.9"),
                        HIGRESS_K8S_CLUSTER,
                        List.of("servicePort: expected integer but was 8080.9 (Higress reads it as 8080)")),
                // gjson.go:122-123: Int() of true is 1.
                arguments("a servicePort of true", HIGRESS_K8S.replace("8080", "true"),
                        "outbound|1||auth-service.default.svc.cluster.local",
                        List.of("servicePort: expected integer but was true (Higress reads it as 1)")),
                arguments("a servicePort string with leading zeros", HIGRESS_K8S.replace("8080", "\"08080\""),
                        HIGRESS_K8S_CLUSTER, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"ignoredFields", "lossyConversions"})
    void acceptsAFieldHigressIgnoresAndSaysSoOnce(String problem, String config, String cluster, List<String> warns) {
        PluginHarness harness = startKnowing(config, cluster);
        HttpStream stream = harness.newStream().property("route_name", "orders");

        assertThat(stream.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(onlyCall(harness).cluster()).isEqualTo(cluster);
        assertThat(harness.logs(LogLevel.WARN)).containsExactlyElementsOf(
                warns.stream().map(warn -> PLUGIN_LOG + warn).collect(Collectors.toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nullFields")
    void aNullFieldIsUnsetAndNotReported(String form, String config, String cluster) {
        PluginHarness harness = startKnowing(config, cluster);

        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        assertThat(onlyCall(harness).cluster()).isEqualTo(cluster);
        assertThat(harness.logs(LogLevel.WARN)).isEmpty();
    }

    static Stream<Arguments> nullFields() {
        return Stream.of(
                arguments("k8s", with(HIGRESS_K8S, "\"domain\":null"), HIGRESS_K8S_CLUSTER),
                arguments("the seed's form", with(HIGRESS_BASE, "\"serviceName\":\"token.static\","
                        + "\"namespace\":null,\"domain\":null"), "outbound|80||token.static"),
                arguments("cluster", with(HIGRESS_BASE, "\"cluster\":\"outbound|80||token.static\","
                        + "\"servicePort\":null,\"namespace\":null"), "outbound|80||token.static"));
    }

    // ---- configurations refused, with Higress's message where Higress refuses them too ----

    static Stream<Arguments> badServices() {
        return Stream.of(
                // HCT:121-132, HC:97-98.
                arguments("Higress's invalid service source", HIGRESS_K8S.replace("\"k8s\"", "\"invalid\""),
                        "serviceSource: unknown service source: invalid"),
                // HC:66-99 is a case-sensitive switch without consul.
                arguments("K8S in capitals", HIGRESS_K8S.replace("\"k8s\"", "\"K8S\""),
                        "serviceSource: unknown service source: K8S"),
                arguments("consul", HIGRESS_K8S.replace("\"k8s\"", "\"consul\""),
                        "serviceSource: unknown service source: consul"),
                arguments("an empty serviceSource", HIGRESS_K8S.replace("\"k8s\"", "\"\""),
                        "serviceSource: unknown service source: "),
                // HC:60: String() of 1 is "1".
                arguments("a serviceSource that is a number", HIGRESS_K8S.replace("\"k8s\"", "1"),
                        "serviceSource: unknown service source: 1"),
                // HC:61-65: the name and port are checked first, whatever the source.
                arguments("no serviceName", HIGRESS_K8S.replace("\"serviceName\":\"auth-service\",", ""),
                        "serviceName: invalid service config (serviceSource needs a serviceName)"),
                arguments("an empty serviceName", HIGRESS_K8S.replace("\"auth-service\"", "\"\""),
                        "serviceName: invalid service config (serviceSource needs a serviceName)"),
                arguments("no servicePort", HIGRESS_K8S.replace("\"servicePort\":8080,", ""), NO_SERVICE_PORT),
                arguments("servicePort 0", HIGRESS_K8S.replace("8080", "0"), NO_SERVICE_PORT),
                arguments("an unknown source and no port: the port first",
                        HIGRESS_K8S.replace("\"k8s\"", "\"consul\"").replace("\"servicePort\":8080,", ""),
                        NO_SERVICE_PORT),
                // HC:62-64: Int() of a string that is not -?[0-9]+ is 0 (gjson.go:124-126, 2775-2796).
                arguments("a servicePort string Go cannot parse", HIGRESS_K8S.replace("8080", "\"8080a\""),
                        NO_SERVICE_PORT),
                arguments("servicePort above 65535", HIGRESS_K8S.replace("8080", "70000"),
                        "servicePort: must be between 0 and 65535 but was 70000"),
                arguments("servicePort as a string above 65535", HIGRESS_K8S.replace("8080", "\"70000\""),
                        "servicePort: must be between 0 and 65535 but was 70000"),
                // gjson.go:95-96: String() of an object is its JSON text, which is no host.
                arguments("k8s with a namespace that is an object", HIGRESS_K8S.replace("\"default\"", "{\"a\":1}"),
                        "namespace: not a valid value for header \":authority\": character 0x7d at index 6 (a port "
                                + "is a number)"),
                arguments("negative servicePort", HIGRESS_K8S.replace("8080", "-1"),
                        "servicePort: must be between 0 and 65535 but was -1"),
                // Higress accepts these and builds a name no registry creates (see TokenService).
                arguments("nacos without a namespace",
                        HIGRESS_K8S.replace("\"k8s\"", "\"nacos\"").replace(",\"namespace\":\"default\"", ""),
                        "namespace: required with serviceSource nacos: the Nacos namespace id, e.g. public"),
                arguments("nacos with an empty namespace",
                        HIGRESS_K8S.replace("\"k8s\"", "\"nacos\"").replace("\"default\"", "\"\""),
                        "namespace: required with serviceSource nacos: the Nacos namespace id, e.g. public"),
                arguments("dns without a domain", HIGRESS_K8S.replace("\"k8s\"", "\"dns\""),
                        "domain: required with serviceSource dns: the domain the service resolves, sent as "
                                + ":authority"),
                arguments("dns with a domain with a space",
                        with(HIGRESS_K8S.replace("\"k8s\"", "\"dns\""), "\"domain\":\"auth example\""),
                        "domain: must not contain whitespace or control characters but was \"auth example\""),
                arguments("dns with a domain with a port above 65535",
                        with(HIGRESS_K8S.replace("\"k8s\"", "\"dns\""), "\"domain\":\"auth.example.com:99999\""),
                        "domain: value of header \":authority\" has a port above 65535"),
                arguments("k8s with | in the namespace", HIGRESS_K8S.replace("\"default\"", "\"a|b\""),
                        "namespace: must not contain '|' but was \"a|b\""),
                arguments("k8s with / in the namespace", HIGRESS_K8S.replace("\"default\"", "\"a/b\""),
                        "namespace: not a valid value for header \":authority\": character 0x2f at index 1 (an "
                                + "authority is a host and an optional port)"),
                arguments("nacos with a space in the namespace",
                        HIGRESS_K8S.replace("\"k8s\"", "\"nacos\"").replace("\"default\"", "\"pub lic\""),
                        "namespace: must not contain whitespace or control characters but was \"pub lic\""),
                arguments("ip with | in the serviceName",
                        HIGRESS_K8S.replace("\"k8s\"", "\"ip\"").replace("auth-service", "a|b"),
                        "serviceName: must not contain '|' but was \"a|b\""),
                arguments("ip with / in the serviceName",
                        HIGRESS_K8S.replace("\"k8s\"", "\"ip\"").replace("auth-service", "a/b"),
                        "serviceName: not a valid value for header \":authority\": character 0x2f at index 1 (an "
                                + "authority is a host and an optional port)"),
                arguments("cluster and serviceSource",
                        with(HIGRESS_BASE, "\"cluster\":\"outbound|80||token.static\",\"serviceSource\":\"ip\""),
                        "cluster: set either cluster or serviceSource, not both"),
                // HCT:107-118.
                arguments("Higress's missing requestPath", HIGRESS_K8S.replace("\"requestPath\":\"/api/auth\",", ""),
                        "requestPath: required but missing"),
                // HCT:95-105 (Higress: "missing tokenHeader in config"); we also take tokenJsonPath.
                arguments("Higress's missing tokenHeader", HIGRESS_K8S.replace("\"tokenHeader\":\"x-auth-token\",", ""),
                        "$: exactly one of tokenHeader, tokenJsonPath must be set"),
                arguments("failureStatus with deny-500", with(HIGRESS_K8S, "\"failureMode\":\"deny-500\","
                                + "\"failureStatus\":502"),
                        "failureStatus: not used with failureMode deny-500, which answers 500 \"http call failed\"; "
                                + "use failureMode deny to set it"),
                arguments("failureBody with deny-500", with(HIGRESS_K8S, "\"failureMode\":\"deny-500\","
                                + "\"failureBody\":\"no\""),
                        "failureBody: not used with failureMode deny-500, which answers 500 \"http call failed\"; "
                                + "use failureMode deny to set it"),
                arguments("a bad source inside a rule",
                        "{\"_rules_\":[{\"_match_route_\":[\"orders\"],\"serviceSource\":\"eureka\","
                                + "\"serviceName\":\"auth-service\",\"servicePort\":8080,"
                                + "\"requestPath\":\"/api/auth\",\"tokenHeader\":\"x-auth-token\"}]}",
                        "_rules_[0].serviceSource: unknown service source: eureka"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServices")
    void refusesTheConfigurationNamingTheField(String problem, String config, String message) {
        assertRefuses(track(harness().config(config).build()), message);
    }

    @Test
    void startsWithoutBodyHeaderWhichHigressRequires() {
        // HCT:82-92 (Higress: "missing bodyHeader in config"); here the body header is optional.
        PluginHarness harness = startKnowing(HIGRESS_K8S.replace("\"bodyHeader\":\"x-response-body\",", ""),
                HIGRESS_K8S_CLUSTER);
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        onlyCall(harness).respond(200, Headers.of("x-auth-token", "test-token-123"), utf8(HIGRESS_BODY));

        assertThat(stream.requestHeaders()).isEqualTo(plus(REQUEST, "x-auth-token", "test-token-123"));
    }

    // ---- policy (issue #15): the pause after a failed fetch, on Higress's failing token service ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("fetchFailures")
    void duringThePauseAfterAFailureEachModeAnswersWithoutCallingTheServiceAgain(String failure,
            Consumer<PendingHttpCall> fail) {
        // Higress's http-call calls the service for every request (HC:103); here a failure pauses fetching (1 s by
        // default), and meanwhile each request gets the failure mode's answer at once.
        PluginHarness allow = startKnowing(HIGRESS_K8S, HIGRESS_K8S_CLUSTER);
        PluginHarness deny500 = startKnowing(with(HIGRESS_K8S, "\"failureMode\":\"deny-500\""), HIGRESS_K8S_CLUSTER);
        for (PluginHarness harness : List.of(allow, deny500)) {
            request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
            fail.accept(onlyCall(harness));
            harness.advanceTime(999);
        }

        HttpStream allowed = request(allow, HeaderStatus.CONTINUE);
        HttpStream denied = request(deny500, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        assertThat(allowed.requestHeaders()).isEqualTo(REQUEST);
        assertThat(denied.localResponses()).containsExactly(DENY_500);
        assertThat(allow.pendingHttpCalls()).isEmpty();
        assertThat(deny500.pendingHttpCalls()).isEmpty();
        allow.advanceTime(1);
        request(allow, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(onlyCall(allow).cluster()).isEqualTo(HIGRESS_K8S_CLUSTER);
    }
}
