package io.wasmjava.interop.phases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.testkit.HttpStream;
import io.wasmjava.testkit.LocalResponse;
import io.wasmjava.testkit.PendingHttpCall;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of {@code HttpContext} and {@code Plugin.Builder}, phase by phase, through {@link PhaseMatrixPlugin}:
 * request and response headers, bodies (streaming, buffered, skipped), trailers, stop and resume, a local answer from
 * each phase, the end of the stream. {@link PhaseMatrixTest} runs it on the JVM, {@link PhaseMatrixWasmIT} against
 * the compiled module.
 */
abstract class PhaseMatrixScenarios extends PluginScenarios {
    private static final String CONFIG = "{\"tag\": \"t1\"}";
    private static final Headers RESPONSE = Headers.of(":status", "200", "server", "envoy", "x-internal", "1",
            "content-type", "text/plain");

    /** The request headers, with {@code x-do: steps} unless {@code steps} is empty. */
    private static Headers request(String steps) {
        Headers.Builder headers = Headers.of(":authority", "example.com", ":method", "POST", ":path", "/items?id=1",
                ":scheme", "https", "x-request-id", "req-1", "x-rename", "v1").newBuilder();
        if (!steps.isEmpty()) {
            headers.add("x-do", steps);
        }
        return headers.build();
    }

    /** The request headers as forwarded for {@link #request}, {@code body} as the plugin reported it. */
    private static Headers forwarded(String steps, boolean body) {
        Headers.Builder headers = Headers.of(":authority", "example.com", ":method", "POST", ":path", "/items?id=1",
                ":scheme", "https", "x-request-id", "req-1").newBuilder();
        if (!steps.isEmpty()) {
            headers.add("x-do", steps);
        }
        return headers.add("x-matrix-request", "POST https://example.com/items?id=1 headers="
                + (steps.isEmpty() ? 6 : 7) + " body=" + body + " ws=false phase=DECODE_HEADER tag=t1"
                + " plugin=phase-matrix starts=1").add("x-renamed", "v1").build();
    }

    /** The response headers as forwarded for {@link #RESPONSE} (a replaced header goes last, as the host keeps it). */
    private static Headers forwardedResponse(String steps) {
        return Headers.of(":status", "200", "content-type", "text/plain", "x-matrix-response",
                "status=200 body=true phase=ENCODE_HEADER headers=4 steps=" + stepList(steps), "server", "matrix");
    }

    private static String stepList(String steps) {
        return steps.isEmpty() ? "[]" : "[" + steps.replace(",", ", ") + "]";
    }

    /** A stream of a started plugin, its request headers sent with a body to follow. */
    private HttpStream openStream(String steps) {
        HttpStream stream = start(CONFIG).newStream();
        assertThat(stream.requestHeaders(request(steps), false)).isEqualTo(HeaderStatus.CONTINUE);
        return stream;
    }

    // ---- headers ----

    @Test
    void reportsTheRequestAndRewritesItsHeaders() {
        HttpStream stream = openStream("");

        assertThat(stream.requestHeaders()).isEqualTo(forwarded("", true));
    }

    @Test
    void aRequestWithoutBodyReportsNone() {
        HttpStream stream = start(CONFIG).newStream();

        assertThat(stream.requestHeaders(request(""), true)).isEqualTo(HeaderStatus.CONTINUE);

        assertThat(stream.requestHeaders()).isEqualTo(forwarded("", false));
    }

    @Test
    void reportsTheResponseAndRewritesItsHeaders() {
        HttpStream stream = openStream("");
        stream.requestBody("abc", true);

        assertThat(stream.responseHeaders(RESPONSE, false)).isEqualTo(HeaderStatus.CONTINUE);

        assertThat(stream.responseHeaders()).isEqualTo(forwardedResponse(""));
    }

    @Test
    void aReconfiguredPluginSeesItsNewConfigurationAndStartsAgain() {
        PluginHarness harness = start(CONFIG);
        assertThat(harness.configure("{\"tag\": \"t2\"}")).isTrue();
        HttpStream stream = harness.newStream();

        stream.requestHeaders(request(""), true);

        assertThat(stream.requestHeaders().value("x-matrix-request")).isEqualTo("POST https://example.com/items?id=1"
                + " headers=6 body=false ws=false phase=DECODE_HEADER tag=t2 plugin=phase-matrix starts=2");
    }

    // ---- bodies ----

    @Test
    void streamsTheRequestBodyChunkByChunk() {
        HttpStream stream = openStream("");

        assertThat(stream.requestBody("abc", false)).isEqualTo(DataStatus.CONTINUE);
        assertThat(stream.requestBodyText()).isEqualTo("ABC");
        assertThat(stream.requestBody("def", true)).isEqualTo(DataStatus.CONTINUE);
        assertThat(stream.requestBodyText()).isEqualTo("DEF.");
    }

    @Test
    void buffersTheRequestBodyWhenTheRequestAsksForIt() {
        HttpStream stream = openStream("buffer-request");

        assertThat(stream.requestBody("abc", false)).isEqualTo(DataStatus.STOP_ITERATION_AND_BUFFER);
        assertThat(stream.requestBody("def", true)).isEqualTo(DataStatus.CONTINUE);

        assertThat(stream.requestBodyText()).isEqualTo("[abcdef]");
    }

    @Test
    void leavesTheRequestBodyUnreadWhenTheRequestSaysSo() {
        HttpStream stream = openStream("skip-request-body,buffer-request");

        assertThat(stream.requestBody("abc", true)).isEqualTo(DataStatus.CONTINUE);

        assertThat(stream.requestBodyText()).isEqualTo("abc");
    }

    @Test
    void streamsTheResponseBodyChunkByChunk() {
        HttpStream stream = openStream("");
        stream.requestBody("abc", true);
        stream.responseHeaders(RESPONSE, false);

        assertThat(stream.responseBody("ghi", false)).isEqualTo(DataStatus.CONTINUE);
        assertThat(stream.responseBodyText()).isEqualTo("GHI");
        assertThat(stream.responseBody("jkl", true)).isEqualTo(DataStatus.CONTINUE);
        assertThat(stream.responseBodyText()).isEqualTo("JKL.");
    }

    @Test
    void buffersTheResponseBodyWhenTheRequestAsksForIt() {
        HttpStream stream = openStream("buffer-response");
        stream.requestBody("abc", true);
        stream.responseHeaders(RESPONSE, false);

        assertThat(stream.responseBody("ghi", false)).isEqualTo(DataStatus.STOP_ITERATION_AND_BUFFER);
        assertThat(stream.responseBody("jkl", true)).isEqualTo(DataStatus.CONTINUE);

        assertThat(stream.responseBodyText()).isEqualTo("[ghijkl]");
    }

    @Test
    void leavesTheResponseBodyUnreadWhenTheRequestSaysSo() {
        HttpStream stream = openStream("skip-response-body");
        stream.requestBody("abc", true);
        stream.responseHeaders(RESPONSE, false);

        assertThat(stream.responseBody("ghi", true)).isEqualTo(DataStatus.CONTINUE);

        assertThat(stream.responseBodyText()).isEqualTo("ghi");
    }

    @Test
    void aWebSocketUpgradeSkipsBothBodies() {
        HttpStream stream = start(CONFIG).newStream();
        stream.requestHeaders(Headers.of(":authority", "example.com", ":method", "GET", ":path", "/ws", ":scheme",
                "http", "connection", "Upgrade", "upgrade", "websocket"), false);

        assertThat(stream.requestBody("frame", false)).isEqualTo(DataStatus.CONTINUE);
        stream.responseHeaders(Headers.of(":status", "101"), false);
        assertThat(stream.responseBody("frame", false)).isEqualTo(DataStatus.CONTINUE);

        assertThat(stream.requestHeaders().value("x-matrix-request"))
                .isEqualTo("GET http://example.com/ws headers=6 body=true ws=true phase=DECODE_HEADER tag=t1"
                        + " plugin=phase-matrix starts=1");
        assertThat(List.of(stream.requestBodyText(), stream.responseBodyText())).containsExactly("frame", "frame");
    }

    @Test
    void answersABodyOverTheLimitSetBeforeParseConfig() {
        HttpStream stream = openStream("buffer-request");

        assertThat(stream.requestBody("x".repeat(PhaseMatrixPlugin.MAX_BODY_BYTES + 1), true))
                .isEqualTo(DataStatus.STOP_ITERATION_NO_BUFFER);

        assertThat(stream.localResponse()).isEqualTo(new LocalResponse(413, "request_payload_too_large",
                bytes("Payload Too Large"), Headers.empty(), -1));
    }

    // ---- trailers ----

    @Test
    void trailersPassThroughUnchanged() {
        HttpStream stream = openStream("");
        stream.requestBody("abc", false);

        assertThat(stream.requestTrailers(Headers.of("x-checksum", "1"))).isEqualTo(HeaderStatus.CONTINUE);
        stream.responseHeaders(RESPONSE, false);
        stream.responseBody("ghi", false);
        assertThat(stream.responseTrailers(Headers.of("grpc-status", "0"))).isEqualTo(HeaderStatus.CONTINUE);

        assertThat(List.of(stream.requestTrailers(), stream.responseTrailers()))
                .containsExactly(Headers.of("x-checksum", "1"), Headers.of("grpc-status", "0"));
        assertThat(List.of(stream.requestBodyText(), stream.responseBodyText())).containsExactly("ABC", "GHI");
    }

    // ---- stop and resume ----

    @Test
    void holdsTheRequestHeadersUntilTheCalloutAnswers() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = harness.newStream();

        assertThat(stream.requestHeaders(request("stop@request-headers"), false))
                .isEqualTo(HeaderStatus.STOP_ITERATION);
        PendingHttpCall call = onlyCall(harness);
        assertThat(stream.requestResumed()).isFalse();
        call.respond(200, "ok");

        assertThat(stream.requestResumeCount()).isEqualTo(1);
        assertThat(stream.requestHeaders()).isEqualTo(forwarded("stop@request-headers", true).newBuilder()
                .add("x-auth-status", "200").build());
    }

    @Test
    void holdsTheRequestBodyUntilTheCalloutAnswers() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = harness.newStream();
        stream.requestHeaders(request("buffer-request,stop@request-body"), false);

        assertThat(stream.requestBody("abc", true)).isEqualTo(DataStatus.STOP_ITERATION_AND_BUFFER);
        onlyCall(harness).respond(200, "approved");

        assertThat(stream.requestResumeCount()).isEqualTo(1);
        assertThat(stream.requestBodyText()).isEqualTo("approved");
    }

    @Test
    void holdsTheResponseHeadersUntilTheCalloutAnswers() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = harness.newStream();
        stream.requestHeaders(request("stop@response-headers"), true);

        assertThat(stream.responseHeaders(RESPONSE, false)).isEqualTo(HeaderStatus.STOP_ITERATION);
        onlyCall(harness).respond(200, "ok");

        assertThat(List.of(stream.requestResumeCount(), stream.responseResumeCount())).containsExactly(0, 1);
        assertThat(stream.responseHeaders()).isEqualTo(forwardedResponse("stop@response-headers").newBuilder()
                .add("x-auth-status", "200").build());
    }

    @Test
    void holdsTheResponseBodyUntilTheCalloutAnswers() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = harness.newStream();
        stream.requestHeaders(request("buffer-response,stop@response-body"), true);
        stream.responseHeaders(RESPONSE, false);

        assertThat(stream.responseBody("ghi", true)).isEqualTo(DataStatus.STOP_ITERATION_AND_BUFFER);
        onlyCall(harness).respond(200, "rewritten");

        assertThat(stream.responseResumeCount()).isEqualTo(1);
        assertThat(stream.responseBodyText()).isEqualTo("rewritten");
    }

    // ---- local answers ----

    /** Drives a stream up to the phase that answers; returns that phase's status. */
    private enum Reach {
        REQUEST_HEADERS {
            @Override
            Object drive(HttpStream stream, String steps) {
                return stream.requestHeaders(request(steps), false);
            }
        },
        REQUEST_BODY {
            @Override
            Object drive(HttpStream stream, String steps) {
                stream.requestHeaders(request(steps), false);
                return stream.requestBody("abc", true);
            }
        },
        RESPONSE_HEADERS {
            @Override
            Object drive(HttpStream stream, String steps) {
                stream.requestHeaders(request(steps), true);
                return stream.responseHeaders(RESPONSE, false);
            }
        },
        RESPONSE_BODY {
            @Override
            Object drive(HttpStream stream, String steps) {
                stream.requestHeaders(request(steps), true);
                stream.responseHeaders(RESPONSE, false);
                return stream.responseBody("ghi", true);
            }
        };

        abstract Object drive(HttpStream stream, String steps);
    }

    static java.util.stream.Stream<Arguments> localAnswers() {
        LocalResponse requestBody = new LocalResponse(400, "", bytes("denied in DECODE_DATA"),
                Headers.of("x-reason", "request body"), -1);
        LocalResponse responseBody = new LocalResponse(500, "", bytes("denied in ENCODE_DATA"), Headers.empty(), -1);
        // A streaming handler returns the chunk, not a status: its phase continues and the host acts on the answer.
        return java.util.stream.Stream.of(
                argumentSet("request headers", "local@request-headers", Reach.REQUEST_HEADERS,
                        HeaderStatus.STOP_ITERATION, new LocalResponse(403, "", bytes("denied at request headers"),
                                Headers.empty(), -1)),
                argumentSet("buffered request body", "buffer-request,local@request-body", Reach.REQUEST_BODY,
                        DataStatus.STOP_ITERATION_NO_BUFFER, requestBody),
                argumentSet("streaming request body", "local@request-body", Reach.REQUEST_BODY, DataStatus.CONTINUE,
                        requestBody),
                argumentSet("response headers", "local@response-headers", Reach.RESPONSE_HEADERS,
                        HeaderStatus.STOP_ITERATION, new LocalResponse(502, "matrix.response_headers",
                                bytes("denied at response headers"), Headers.of("x-reason", "response headers"), -1)),
                argumentSet("buffered response body", "buffer-response,local@response-body", Reach.RESPONSE_BODY,
                        DataStatus.STOP_ITERATION_NO_BUFFER, responseBody),
                argumentSet("streaming response body", "local@response-body", Reach.RESPONSE_BODY,
                        DataStatus.CONTINUE, responseBody));
    }

    @ParameterizedTest
    @MethodSource("localAnswers")
    void answersFromThePhase(String steps, Reach phase, Object status, LocalResponse answer) {
        HttpStream stream = start(CONFIG).newStream();

        assertThat(phase.drive(stream, steps)).isEqualTo(status);

        assertThat(stream.localResponses()).containsExactly(answer);
    }

    @Test
    void answersFromTheCalloutCallbackInsteadOfResuming() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = harness.newStream();
        stream.requestHeaders(request("stop@request-headers,local@callout"), false);

        onlyCall(harness).respond(403, "no entry");

        assertThat(stream.requestResumed()).isFalse();
        assertThat(stream.localResponses()).containsExactly(new LocalResponse(401, "matrix.callout",
                bytes("no entry"), Headers.of("x-reason", "callout"), -1));
    }

    // ---- properties ----

    @Test
    void setsTheRouteAndBufferLimitProperties() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = harness.newStream().property("route_name", "r1");

        stream.requestHeaders(request("reroute-off,buffer-limits,copy-route"), true);

        assertThat(List.of(stream.propertyText("clear_route_cache"), stream.propertyText("set_decoder_buffer_limit"),
                stream.propertyText("set_encoder_buffer_limit"), stream.propertyText("matrix_route"),
                stream.requestHeaders().value("x-route"))).containsExactly("off", "1048576", "2097152", "r1", "r1");
    }

    // ---- end of the stream ----

    @Test
    void releasesAndReportsTheStreamWhenItEnds() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = harness.newStream();
        stream.requestHeaders(request(""), true);
        stream.responseHeaders(RESPONSE, true);

        stream.complete();

        assertThat(harness.logs()).endsWith("[phase-matrix] [nil] [nil] released stream " + stream.contextId(),
                "[phase-matrix] [nil] [req-1] done: status 200, local false, ended true, phase DONE");
    }

    @Test
    void reportsALocalAnswerWhenTheStreamEnds() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = harness.newStream();
        stream.requestHeaders(request("local@request-headers"), true);

        stream.complete();

        assertThat(harness.logs()).last().asString().endsWith(", local true, ended true, phase DONE");
    }

    private static PendingHttpCall onlyCall(PluginHarness harness) {
        List<PendingHttpCall> calls = harness.pendingHttpCalls();
        assertThat(calls).hasSize(1);
        PendingHttpCall call = calls.get(0);
        assertThat(List.of(call.cluster(), call.headers())).containsExactly(PhaseMatrixPlugin.AUTH_CLUSTER,
                Headers.of(":method", "GET", ":path", "/check", ":authority", "auth"));
        return call;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
