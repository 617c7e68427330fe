package io.wasmjava.interop.phases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.host.PendingHttpCall;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    /** The configuration of every scenario here and in {@link StreamApiScenarios}. */
    static final String CONFIG = "{\"tag\": \"t1\"}";
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
        return openStream(start(CONFIG), request(steps));
    }

    /** A new stream of {@code harness}, {@code request} sent with a body to follow, which the plugin must continue. */
    static HttpStream openStream(PluginHarness harness, Headers request) {
        HttpStream stream = harness.newStream();
        assertThat(stream.requestHeaders(request, false)).isEqualTo(HeaderStatus.CONTINUE);
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

    @Test
    void answersAStepItDoesNotKnow() {
        HttpStream stream = start(CONFIG).newStream();

        assertThat(stream.requestHeaders(request("stop@request-headers,fly"), true))
                .isEqualTo(HeaderStatus.STOP_ITERATION);

        assertThat(stream.localResponses()).containsExactly(new LocalResponse(400, "", bytes("unknown step fly"),
                Headers.empty(), -1));
    }

    // ---- bodies ----

    static java.util.stream.Stream<Arguments> bodies() {
        DataStatus go = DataStatus.CONTINUE;
        DataStatus buffer = DataStatus.STOP_ITERATION_AND_BUFFER;
        // What each chunk's callback returns and the body after it: the same for a request and a response.
        List<Object> streamed = List.of(go, "ABC", go, "DEF.");
        List<Object> buffered = List.of(buffer, "abc", go, "[abcdef]");
        List<Object> unread = List.of(go, "abc", go, "def");
        List<Object> chunksEdited = List.of(go, "<abc>", go, "<def>");
        List<Object> bufferedEdited = List.of(buffer, "abc", go, "<abcdef>");
        return java.util.stream.Stream.of(
                argumentSet("request, streamed (upper-cased, the last chunk marked)", "", true, streamed),
                argumentSet("request, buffered on the request's word", "buffer-request", true, buffered),
                argumentSet("request, left unread", "skip-request-body,buffer-request", true, unread),
                argumentSet("response, streamed", "", false, streamed),
                argumentSet("response, buffered on the request's word", "buffer-response", false, buffered),
                argumentSet("response, left unread", "skip-response-body", false, unread),
                // appendXBody/prependXBody edit what the host holds: the chunk, or the whole buffered body.
                argumentSet("request, each streamed chunk edited", "edit-body", true, chunksEdited),
                argumentSet("request, the buffered body edited", "edit-body,buffer-request", true, bufferedEdited),
                argumentSet("response, each streamed chunk edited", "edit-body", false, chunksEdited),
                argumentSet("response, the buffered body edited", "edit-body,buffer-response", false,
                        bufferedEdited));
    }

    /** Sends {@code abc} then {@code def} (the last chunk); expects each chunk's status and the body after it. */
    @ParameterizedTest
    @MethodSource("bodies")
    void handlesABody(String steps, boolean request, List<Object> statusesAndBodies) {
        HttpStream stream = openStream(steps);
        if (!request) {
            stream.requestBody("x", true);
            stream.responseHeaders(RESPONSE, false);
        }
        List<Object> seen = new ArrayList<>();

        for (String chunk : List.of("abc", "def")) {
            boolean last = chunk.equals("def");
            seen.add(request ? stream.requestBody(chunk, last) : stream.responseBody(chunk, last));
            seen.add(request ? stream.requestBodyText() : stream.responseBodyText());
        }

        assertThat(seen).isEqualTo(statusesAndBodies);
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

    @Test
    void aBufferedBodyThatTrailersEndNeverReachesTheBufferedHandler() {
        HttpStream stream = openStream("buffer-request");

        // The last data callback has endOfStream false when trailers follow, as in Envoy; Higress's wrapper waits for
        // endOfStream the same way, so the body is forwarded as buffered, unread.
        assertThat(stream.requestBody("abc", false)).isEqualTo(DataStatus.STOP_ITERATION_AND_BUFFER);
        assertThat(stream.requestTrailers(Headers.of("x-checksum", "1"))).isEqualTo(HeaderStatus.CONTINUE);

        assertThat(stream.requestBodyText()).isEqualTo("abc");
    }

    // ---- stop and resume ----

    @Test
    void holdsEachHeaderPhaseUntilTheCalloutAnswers() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = harness.newStream();
        String steps = "stop@request-headers,stop@response-headers";
        List<Object> seen = new ArrayList<>();

        seen.add(stream.requestHeaders(request(steps), true));
        PendingHttpCall call = onlyCall(harness);
        seen.add(stream.requestResumed());
        call.respond(200, "ok");
        seen.addAll(List.of(stream.requestResumeCount(), stream.requestHeaders()));
        seen.add(stream.responseHeaders(RESPONSE, false));
        onlyCall(harness).respond(204, "");
        seen.addAll(List.of(stream.responseResumeCount(), stream.responseHeaders()));

        assertThat(seen).containsExactly(HeaderStatus.STOP_ITERATION, false, 1, forwarded(steps, false).newBuilder()
                .add("x-auth-status", "200").build(), HeaderStatus.STOP_ITERATION, 1, forwardedResponse(steps)
                .newBuilder().add("x-auth-status", "204").build());
    }

    @Test
    void holdsEachBufferedBodyUntilTheCalloutAnswers() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = harness.newStream();
        stream.requestHeaders(request("buffer-request,stop@request-body,buffer-response,stop@response-body"), false);
        List<Object> seen = new ArrayList<>();

        seen.add(stream.requestBody("abc", true));
        onlyCall(harness).respond(200, "approved");
        seen.addAll(List.of(stream.requestResumeCount(), stream.requestBodyText()));
        stream.responseHeaders(RESPONSE, false);
        seen.add(stream.responseBody("ghi", true));
        onlyCall(harness).respond(200, "rewritten");
        seen.addAll(List.of(stream.responseResumeCount(), stream.responseBodyText()));

        assertThat(seen).containsExactly(DataStatus.STOP_ITERATION_AND_BUFFER, 1, "approved",
                DataStatus.STOP_ITERATION_AND_BUFFER, 1, "rewritten");
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

    /** The one pending call of {@code harness}, which must be the plugin's call to the auth cluster. */
    static PendingHttpCall onlyCall(PluginHarness harness) {
        List<PendingHttpCall> calls = harness.pendingHttpCalls();
        assertThat(calls).hasSize(1);
        PendingHttpCall call = calls.get(0);
        assertThat(List.of(call.cluster(), call.headers())).containsExactly(PhaseMatrixPlugin.AUTH_CLUSTER,
                Headers.of(":method", "GET", ":path", "/check", ":authority", "auth"));
        return call;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
