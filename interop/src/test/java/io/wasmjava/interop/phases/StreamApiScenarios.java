package io.wasmjava.interop.phases;

import static io.wasmjava.interop.phases.PhaseMatrixScenarios.CONFIG;
import static io.wasmjava.interop.phases.PhaseMatrixScenarios.bytes;
import static io.wasmjava.interop.phases.PhaseMatrixScenarios.onlyCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.GrpcStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.InjectedData;
import io.wasmjava.host.LocalReply;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.host.SharedQueueStore;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stream-level {@code HttpContext} calls beyond the phase matrix, through {@link PhaseMatrixPlugin}: trailers
 * (read, add, replace, remove, whole map), whole header maps, append/prepend body, gRPC local responses, pausing a
 * streaming response and injecting into it, and the header-phase injection. {@link StreamApiTest} runs it on the JVM,
 * {@link StreamApiWasmIT} against the compiled module.
 */
abstract class StreamApiScenarios extends PluginScenarios {
    private static final Headers RESPONSE = Headers.of(":status", "200", "content-type", "text/plain");

    /**
     * The request headers with {@code x-do: steps}: shorter than {@link PhaseMatrixScenarios}' request, and its path
     * {@code /items} is what the enqueue step reports.
     */
    private static Headers request(String steps) {
        return Headers.of(":authority", "example.com", ":method", "POST", ":path", "/items", ":scheme", "https",
                "x-do", steps);
    }

    private static HttpStream openStream(PluginHarness harness, String steps) {
        return PhaseMatrixScenarios.openStream(harness, request(steps));
    }

    // ---- trailers ----

    static java.util.stream.Stream<Arguments> trailers() {
        return java.util.stream.Stream.of(
                argumentSet("request", true, Headers.of("x-checksum", "1", "x-drop", "y"),
                        Headers.of("x-matrix-trailer", "count=2 x-checksum=1 phase=DECODE_DATA", "x-checksum", "2")),
                argumentSet("response", false, Headers.of("grpc-status", "0", "x-drop", "y"),
                        Headers.of("x-matrix-trailer", "count=2 grpc-status=0 phase=ENCODE_DATA", "grpc-status",
                                "13")));
    }

    /** The trailer handler adds a report (count, first value, phase), replaces one trailer and removes another. */
    @ParameterizedTest
    @MethodSource("trailers")
    void readsAddsReplacesAndRemovesTrailers(boolean request, Headers sent, Headers forwarded) {
        HttpStream stream = openStream(start(CONFIG), "trailers");
        stream.requestBody("abc", !request);
        if (!request) {
            stream.responseHeaders(RESPONSE, false);
            stream.responseBody("def", false);
        }

        assertThat(request ? stream.requestTrailers(sent) : stream.responseTrailers(sent))
                .isEqualTo(HeaderStatus.CONTINUE);

        assertThat(request ? stream.requestTrailers() : stream.responseTrailers()).isEqualTo(forwarded);
    }

    @Test
    void replacesWholeTrailerMaps() {
        HttpStream stream = openStream(start(CONFIG), "replace-trailers");
        stream.requestBody("abc", false);
        stream.requestTrailers(Headers.of("x-checksum", "1", "x-drop", "y"));
        stream.responseHeaders(RESPONSE, false);
        stream.responseBody("def", false);
        stream.responseTrailers(Headers.of("grpc-status", "0"));

        assertThat(List.of(stream.requestTrailers(), stream.responseTrailers()))
                .containsExactly(Headers.of("x-only", "1"), Headers.of("x-only", "1"));
    }

    // ---- whole header maps ----

    @Test
    void replacesWholeHeaderMaps() {
        HttpStream stream = openStream(start(CONFIG), "replace-headers");
        stream.requestBody("abc", true);

        stream.responseHeaders(Headers.of(":status", "200", "server", "envoy", "x-internal", "1"), true);

        assertThat(List.of(stream.requestHeaders(), stream.responseHeaders())).containsExactly(
                Headers.of(":authority", "example.com", ":method", "GET", ":path", "/replaced", ":scheme", "https",
                        "x-only", "1"),
                Headers.of(":status", "201", "x-only", "1"));
    }

    // ---- gRPC local responses ----

    @Test
    void answersWithAGrpcStatus() {
        HttpStream stream = start(CONFIG).newStream();

        assertThat(stream.requestHeaders(request("grpc@request-headers"), true))
                .isEqualTo(HeaderStatus.STOP_ITERATION);

        assertThat(stream.localResponses()).containsExactly(new LocalResponse(503, "matrix.grpc",
                bytes("unavailable"), Headers.of("x-reason", "grpc"), GrpcStatus.UNAVAILABLE.code()));
    }

    @Test
    void aGrpcRequestGetsATrailersOnlyReplyAsFromEnvoy() {
        HttpStream stream = start(CONFIG).newStream();
        Headers grpcRequest = request("grpc@request-headers").newBuilder().add("content-type", "application/grpc")
                .build();

        stream.requestHeaders(grpcRequest, true);

        assertThat(stream.localReply()).isEqualTo(new LocalReply(Headers.of(":status", "200", "x-reason", "grpc",
                "content-type", "application/grpc", "grpc-status", "14", "grpc-message", "unavailable"),
                new byte[0]));
    }

    @Test
    void aPlainRequestGetsTheHttpReplyAndNoGrpcStatus() {
        HttpStream stream = start(CONFIG).newStream();

        stream.requestHeaders(request("grpc@request-headers"), true);

        assertThat(stream.localReply()).isEqualTo(new LocalReply(Headers.of(":status", "503", "x-reason", "grpc",
                "content-length", "11", "content-type", "text/plain"), bytes("unavailable")));
    }

    @Test
    void grpcStatusCodesAreTheWireValues() {
        assertThat(List.of(GrpcStatus.OK.code(), GrpcStatus.UNAVAILABLE.code(), GrpcStatus.UNAUTHENTICATED.code()))
                .containsExactly(0, 14, 16);
    }

    // ---- pausing and injecting ----

    @Test
    void holdsAPausedStreamingResponseAndInjectsItAfterTheCallout() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = openStream(harness, "pause-response");
        stream.requestBody("x", true);
        stream.responseHeaders(RESPONSE, false);
        List<Object> seen = new ArrayList<>();

        seen.addAll(List.of(stream.responseBody("abc", false), stream.responseBodyText()));
        seen.addAll(List.of(stream.responseBody("def", true), stream.responseBodyText()));
        seen.add(stream.injectedResponseData());
        onlyCall(harness).respond(200, "ok");

        assertThat(seen).containsExactly(DataStatus.STOP_ITERATION_NO_BUFFER, "", DataStatus.STOP_ITERATION_NO_BUFFER,
                "", List.of());
        assertThat(stream.injectedResponseData()).containsExactly(InjectedData.of("ABC", false),
                InjectedData.of("DEF", true));
    }

    @Test
    void aResponseThatIsNotPausedIsNotHeld() {
        HttpStream stream = openStream(start(CONFIG), "");
        stream.requestBody("x", true);
        stream.responseHeaders(RESPONSE, false);

        assertThat(stream.responseBody("abc", true)).isEqualTo(DataStatus.CONTINUE);

        assertThat(stream.injectedResponseData()).isEmpty();
    }

    @Test
    void givesABodilessResponseABodyFromTheHeaderPhase() {
        HttpStream stream = openStream(start(CONFIG), "inject@response-headers");
        stream.requestBody("x", true);

        assertThat(stream.responseHeaders(Headers.of(":status", "200", "content-length", "0"), true))
                .isEqualTo(HeaderStatus.STOP_ITERATION);

        assertThat(stream.injectedResponseData()).containsExactly(InjectedData.atHeaders("injected at headers", true));
        assertThat(stream.responseHeaders().value("content-length")).isNull();
        assertThat(stream.localResponses()).isEmpty();
    }

    // ---- upstream host override ----

    @Test
    void routesTheRequestToAHealthyUpstreamHost() {
        PluginHarness harness = start(CONFIG);
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("10.0.0.1:8080", "{\"health_status\":\"Unhealthy\"}");
        hosts.put("10.0.0.2:8080", "{\"health_status\":\"Healthy\",\"metrics\":\"\"}");
        harness.host().setUpstreamHosts(hosts);

        HttpStream stream = openStream(harness, "upstream");

        assertThat(List.of(stream.upstreamOverrideHost(), stream.requestHeaders().value("x-upstreams")))
                .containsExactly("10.0.0.2:8080", "2");
    }

    @Test
    void anEmptyUpstreamListOverridesNothing() {
        HttpStream stream = openStream(start(CONFIG), "upstream");

        assertThat(stream.upstreamOverrideHost()).isNull();
        assertThat(stream.requestHeaders().value("x-upstreams")).isEqualTo("0");
    }

    // ---- shared queues ----

    @Test
    void enqueuesOnASharedQueueAndHearsWhenItIsReady() {
        PluginHarness harness = start(CONFIG);
        HttpStream first = openStream(harness, "enqueue");
        openStream(harness, "enqueue");

        int delivered = harness.deliverQueueReady();

        assertThat(first.requestHeaders().value("x-queue")).isEqualTo("1 enqueued=true unknown=null other-vm=null");
        // Two enqueues post two notifications; the first listener call drains both entries.
        assertThat(delivered).isEqualTo(2);
        assertThat(harness.logs()).endsWith("[phase-matrix] [nil] [nil] queue 1: [/items, /items]",
                "[phase-matrix] [nil] [nil] queue 1: []");
    }

    @Test
    void registeringAgainKeepsTheQueueAndItsData() {
        PluginHarness harness = start(CONFIG);
        openStream(harness, "enqueue");

        assertThat(harness.configure("{\"tag\": \"t2\"}")).isTrue();
        harness.deliverQueueReady();

        assertThat(harness.logs()).last().isEqualTo("[phase-matrix] [nil] [nil] queue 1: [/items]");
    }

    /**
     * Two VMs of one process on one queue store, as Envoy's workers: both register the queue at start, so it is one
     * queue and the latest registrant is the one notified; the other VM resolves it and enqueues, and only the
     * registrant's listener runs, dequeuing the entry (proxy-wasm-cpp-host {@code src/shared_queue.cc}).
     */
    @Test
    void aQueueRegisteredByAnotherVmTakesItsEnqueuesAndNotifiesTheRegistrant() {
        SharedQueueStore queues = new SharedQueueStore();
        PluginHarness sender = startOn(queues);
        PluginHarness registrant = startOn(queues);
        HttpStream stream = openStream(sender, "enqueue");

        List<Integer> delivered = List.of(sender.deliverQueueReady(), registrant.deliverQueueReady());

        assertThat(stream.requestHeaders().value("x-queue")).isEqualTo("1 enqueued=true unknown=null other-vm=null");
        assertThat(delivered).containsExactly(0, 1);
        assertThat(registrant.logs()).last().isEqualTo("[phase-matrix] [nil] [nil] queue 1: [/items]");
        assertThat(sender.logs()).noneMatch(line -> line.contains("queue"));
    }

    private PluginHarness startOn(SharedQueueStore queues) {
        return start(harness().config(CONFIG).sharedQueues(queues));
    }

    // ---- route call ----

    /** A request that route-calls {@code url}: headers held, then the body (the last chunk) sent. */
    private HttpStream routeCall(PluginHarness harness, String url) {
        HttpStream stream = harness.newStream();
        Headers headers = Headers.of(":authority", "example.com", ":method", "GET", ":path", "/orig?a=1", ":scheme",
                "https", "accept-encoding", "gzip", "content-length", "3", "x-do", "route-call,buffer-request",
                "x-route-url", url);
        assertThat(stream.requestHeaders(headers, false)).isEqualTo(HeaderStatus.STOP_ITERATION);
        assertThat(stream.requestBody("abc", true)).isEqualTo(DataStatus.CONTINUE);
        return stream;
    }

    @Test
    void aRouteCallRewritesTheRequestAsHigressDoes() {
        HttpStream stream = routeCall(start(CONFIG), "http://backend.svc:8080/v1/x?y=1#f");

        assertThat(stream.requestHeaders()).isEqualTo(Headers.of(":scheme", "https", "x-do",
                "route-call,buffer-request", "x-route-url", "http://backend.svc:8080/v1/x?y=1#f",
                "x-matrix-request", "GET https://example.com/orig?a=1 headers=8 body=true ws=false phase=DECODE_HEADER"
                        + " tag=t1 plugin=phase-matrix starts=1",
                "x-envoy-original-method", "GET", "x-envoy-original-path", "/orig?a=1", "x-envoy-original-host",
                "example.com", ":method", "POST", ":path", "/v1/x?y=1#f", ":authority", "backend.svc:8080",
                "x-route-call", "1"));
        assertThat(stream.requestBodyText()).isEqualTo("{abc}");
    }

    @Test
    void aRouteCallWithAPathKeepsTheAuthority() {
        HttpStream stream = routeCall(start(CONFIG), "/only/path");

        assertThat(List.of(stream.requestHeaders().value(":path"), stream.requestHeaders().value(":authority")))
                .containsExactly("/only/path", "example.com");
    }

    @Test
    void aRoutedResponseBodyOverMaxBodyBytesIsAnsweredAsAHandlersBodyIsAndNeverReachesTheCallback() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = routeCall(harness, "/v1/x");
        List<Object> seen = new ArrayList<>();

        seen.add(stream.responseHeaders(Headers.of(":status", "200"), false));
        seen.add(stream.responseBody("x".repeat(40), false));
        seen.add(stream.responseBody("y".repeat(30), true));

        assertThat(seen).containsExactly(HeaderStatus.STOP_ITERATION, DataStatus.STOP_ITERATION_AND_BUFFER,
                DataStatus.STOP_ITERATION_NO_BUFFER);
        assertThat(stream.localResponses()).containsExactly(new LocalResponse(500, "response_payload_too_large",
                "Internal Server Error".getBytes(java.nio.charset.StandardCharsets.UTF_8), Headers.empty(), -1));
        assertThat(stream.responseHeaders().value("x-routed")).isNull();
    }

    @Test
    void aBadRouteCallUrlChangesNothingAndIsAnswered() {
        HttpStream stream = routeCall(start(CONFIG), "http://[::1");

        assertThat(stream.localResponses()).containsExactly(LocalResponse.of(400, Headers.empty(),
                "route call URL \"http://[::1\": missing ']' in host"));
        assertThat(List.of(stream.requestHeaders().value(":method"), stream.requestHeaders().value(":path"),
                String.valueOf(stream.requestHeaders().value("x-envoy-original-method"))))
                .containsExactly("GET", "/orig?a=1", "null");
    }

    @Test
    void theRoutedResponseGoesToTheCallbackNotToTheResponseHandlers() {
        HttpStream stream = routeCall(start(CONFIG), "/v1/x");
        List<Object> seen = new ArrayList<>();

        seen.add(stream.responseHeaders(Headers.of(":status", "201", "content-length", "5", "x-up", "1"), false));
        seen.add(stream.responseBody("he", false));
        seen.add(stream.responseBody("llo", true));

        assertThat(seen).containsExactly(HeaderStatus.STOP_ITERATION, DataStatus.STOP_ITERATION_AND_BUFFER,
                DataStatus.CONTINUE);
        // No x-matrix-response: the plugin's response-header handler was bypassed; content-length removed.
        assertThat(stream.responseHeaders()).isEqualTo(Headers.of(":status", "201", "x-up", "1", "x-routed", "201 2"));
        assertThat(stream.responseBodyText()).isEqualTo("routed 201: hello");
    }

    static java.util.stream.Stream<Arguments> statuses() {
        return java.util.stream.Stream.of(
                argumentSet("a number", Headers.of(":status", "204"), "204 1"),
                argumentSet("absent: 500", Headers.of("x-up", "1"), "500 1"),
                argumentSet("not a number: 0, as Go's Atoi", Headers.of(":status", "abc"), "0 1"));
    }

    @ParameterizedTest
    @MethodSource("statuses")
    void aBodilessRoutedResponseGoesToTheCallbackAtItsHeaders(Headers response, String routed) {
        HttpStream stream = routeCall(start(CONFIG), "/v1/x");

        assertThat(stream.responseHeaders(response, true)).isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        assertThat(stream.responseHeaders().value("x-routed")).isEqualTo(routed);
    }
}
