package io.wasmjava.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Limits;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.host.MapType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link Stream}'s phase logic, as Higress's {@code CommonHttpCtx} has it: which handler runs, when, with what. */
class StreamTest {
    private static final Headers REQUEST = Headers.of(":authority", "example.com", ":method", "POST", ":path", "/a",
            ":scheme", "https", "x-request-id", "req-2");

    private final List<String> events = new ArrayList<>();

    /** A plugin with every handler; each records what it got, the streaming ones upper-case the chunk. */
    private Plugin<ConfigNode> recording(Consumer<HttpContext> inRequestHeaders, Limits limits) {
        return Plugin.builder("p")
                .limits(limits)
                .onRequestHeaders((http, config) -> {
                    events.add("request headers");
                    inRequestHeaders.accept(http);
                    return HeaderStatus.CONTINUE;
                })
                .onRequestBody(buffered("request"))
                .onStreamingRequestBody(streaming("request"))
                .onResponseHeaders((http, config) -> {
                    events.add("response headers " + http.method() + " " + http.scheme() + "://" + http.host()
                            + http.path() + " " + http.executionPhase());
                    return HeaderStatus.CONTINUE;
                })
                .onResponseBody(buffered("response"))
                .onStreamingResponseBody(streaming("response"))
                .onStreamDone((http, config) -> events.add("done " + http.responseHeader(":status") + " "
                        + http.executionPhase() + " " + http.isStreamEnded()))
                .build();
    }

    private Plugin.BodyHandler<ConfigNode> buffered(String direction) {
        return (http, config, body) -> {
            events.add("buffered " + direction + " " + text(body));
            return DataStatus.CONTINUE;
        };
    }

    /** Records the chunk and upper-cases it. */
    private Plugin.StreamingBodyHandler<ConfigNode> streaming(String direction) {
        return (http, config, chunk, last) -> {
            events.add("streaming " + direction + " " + text(chunk) + " " + last);
            return text(chunk).toUpperCase().getBytes(StandardCharsets.UTF_8);
        };
    }

    private RuntimeFixture started(Consumer<HttpContext> inRequestHeaders, Limits limits) {
        RuntimeFixture fixture = new RuntimeFixture(recording(inRequestHeaders, limits));
        assertThat(fixture.configure("{}")).isTrue();
        return fixture;
    }

    private RuntimeFixture started(Consumer<HttpContext> inRequestHeaders) {
        return started(inRequestHeaders, Limits.defaults());
    }

    @Test
    void theStreamingHandlerGetsEachChunkAndItsResultReplacesTheChunk() {
        RuntimeFixture fixture = started(http -> { });
        fixture.requestHeaders(2, REQUEST, false);

        assertThat(List.of(fixture.requestBody(2, "ab", false), fixture.requestBody(2, "cd", true)))
                .containsExactly(DataStatus.CONTINUE.code(), DataStatus.CONTINUE.code());

        assertThat(events).containsExactly("request headers", "streaming request ab false",
                "streaming request cd true");
        assertThat(fixture.host.streamActions).containsExactly("2 set HTTP_REQUEST_BODY AB",
                "2 set HTTP_REQUEST_BODY CD");
    }

    @Test
    void bufferRequestBodyGivesTheWholeBodyToTheBufferedHandler() {
        RuntimeFixture fixture = started(HttpContext::bufferRequestBody);
        fixture.requestHeaders(2, REQUEST, false);

        assertThat(List.of(fixture.requestBody(2, "ab", false), fixture.requestBody(2, "abcd", true)))
                .containsExactly(DataStatus.STOP_ITERATION_AND_BUFFER.code(), DataStatus.CONTINUE.code());

        assertThat(events).containsExactly("request headers", "buffered request abcd");
    }

    @Test
    void bufferResponseBodyGivesTheWholeBodyToTheBufferedHandler() {
        RuntimeFixture fixture = started(HttpContext::bufferResponseBody);
        fixture.requestHeaders(2, REQUEST, true);
        fixture.responseHeaders(2, Headers.of(":status", "200"), false);

        assertThat(List.of(fixture.responseBody(2, "ab", false), fixture.responseBody(2, "abcd", true)))
                .containsExactly(DataStatus.STOP_ITERATION_AND_BUFFER.code(), DataStatus.CONTINUE.code());

        assertThat(events).containsExactly("request headers", "response headers POST https://example.com/a "
                + "ENCODE_HEADER", "buffered response abcd");
    }

    @Test
    void bufferRequestBodyWithoutABufferedHandlerLeavesTheStreamingOne() {
        RuntimeFixture fixture = new RuntimeFixture(Plugin.builder("p")
                .onRequestHeaders((http, config) -> {
                    http.bufferRequestBody();
                    return HeaderStatus.CONTINUE;
                })
                .onStreamingRequestBody((http, config, chunk, last) -> {
                    events.add("streaming request " + text(chunk) + " " + last);
                    return chunk;
                })
                .build());
        fixture.configure("{}");
        fixture.requestHeaders(2, REQUEST, false);

        assertThat(fixture.requestBody(2, "ab", true)).isEqualTo(DataStatus.CONTINUE.code());

        assertThat(events).containsExactly("streaming request ab true");
        assertThat(fixture.host.streamActions).isEmpty();
    }

    @Test
    void dontReadSkipsBothBodyHandlers() {
        RuntimeFixture fixture = started(http -> {
            http.dontReadRequestBody();
            http.dontReadResponseBody();
        });
        fixture.requestHeaders(2, REQUEST, false);

        fixture.requestBody(2, "ab", true);
        fixture.responseHeaders(2, Headers.of(":status", "200"), false);
        fixture.responseBody(2, "cd", true);

        assertThat(events).containsExactly("request headers", "response headers POST https://example.com/a "
                + "ENCODE_HEADER");
    }

    @Test
    void binaryAndWebSocketBodiesAreNotRead() {
        RuntimeFixture fixture = started(http -> events.add("websocket " + http.isWebsocket()));
        fixture.requestHeaders(2, REQUEST.newBuilder().add("content-type", "application/grpc").build(), false);
        fixture.requestBody(2, "grpc", true);
        fixture.requestHeaders(3, REQUEST.newBuilder().add("content-encoding", "gzip").build(), false);
        fixture.requestBody(3, "gzip", true);
        fixture.requestHeaders(4, REQUEST.newBuilder().add("connection", "Upgrade").add("upgrade", "WebSocket")
                .build(), false);
        fixture.requestBody(4, "frame", false);
        fixture.responseHeaders(4, Headers.of(":status", "101"), false);
        fixture.responseBody(4, "frame", false);

        assertThat(events).containsExactly("request headers", "websocket false", "request headers",
                "websocket false", "request headers", "websocket true",
                "response headers POST https://example.com/a ENCODE_HEADER");
    }

    @Test
    void aBinaryResponseIsNotRead() {
        RuntimeFixture fixture = started(http -> { });
        fixture.requestHeaders(2, REQUEST, true);
        fixture.responseHeaders(2, Headers.of(":status", "200", "content-type", "application/octet-stream"), false);

        fixture.responseBody(2, "bytes", true);

        assertThat(events).containsExactly("request headers", "response headers POST https://example.com/a "
                + "ENCODE_HEADER");
    }

    @Test
    void aBodyOverTheLimitIsAnsweredAndTheHandlersStayOff() {
        RuntimeFixture fixture = started(HttpContext::bufferRequestBody, Limits.newBuilder().maxBodyBytes(4)
                .bodyOverflow(Limits.BodyOverflow.REJECT).build());
        fixture.requestHeaders(2, REQUEST, false);

        assertThat(List.of(fixture.requestBody(2, "abc", false), fixture.requestBody(2, "abcde", false),
                fixture.requestBody(2, "abcdef", true))).containsExactly(DataStatus.STOP_ITERATION_AND_BUFFER.code(),
                        DataStatus.STOP_ITERATION_NO_BUFFER.code(), DataStatus.CONTINUE.code());

        assertThat(events).containsExactly("request headers");
        assertThat(fixture.host.streamActions).containsExactly(
                "2 local 413 (request_payload_too_large) Payload Too Large");
        assertThat(fixture.host.logs(LogLevel.WARN)).containsExactly("[p] [nil] [req-2] request body of 5 bytes "
                + "exceeds the maxBodyBytes of 4 bytes: answered 413");
    }

    @Test
    void aResponseBodyOverTheLimitPassesThroughWhenConfiguredSo() {
        RuntimeFixture fixture = started(http -> { }, Limits.newBuilder().maxBodyBytes(4)
                .bodyOverflow(Limits.BodyOverflow.PASS_THROUGH).build());
        fixture.requestHeaders(2, REQUEST, true);
        fixture.responseHeaders(2, Headers.of(":status", "200"), false);

        assertThat(List.of(fixture.responseBody(2, "abcde", false), fixture.responseBody(2, "f", true)))
                .containsExactly(DataStatus.CONTINUE.code(), DataStatus.CONTINUE.code());

        assertThat(events).containsExactly("request headers", "response headers POST https://example.com/a "
                + "ENCODE_HEADER");
        assertThat(fixture.host.logs(LogLevel.WARN)).containsExactly("[p] [nil] [req-2] response body of 5 bytes "
                + "exceeds the maxBodyBytes of 4 bytes: passed on without the body handler");
    }

    @Test
    void theStreamDoneHandlerRunsAtTheLogCallbackAfterTheStreamEnded() {
        RuntimeFixture fixture = started(http -> { });
        fixture.requestHeaders(2, REQUEST, true);
        fixture.responseHeaders(2, Headers.of(":status", "204"), true);

        fixture.complete(2);

        assertThat(events).endsWith("done 204 DONE true");
    }

    /** Plugins pay for the request-header fetch only when they, or a later phase's handler, can need the values. */
    @Test
    void aPluginWithoutHandlersReadsNoHeaderMap() {
        RuntimeFixture fixture = new RuntimeFixture(Plugin.builder("p").build());
        assertThat(fixture.configure("{}")).isTrue();

        assertThat(fixture.requestHeaders(2, REQUEST, true)).isEqualTo(HeaderStatus.CONTINUE.code());
        fixture.responseHeaders(2, Headers.of(":status", "200"), true);
        fixture.complete(2);

        assertThat(fixture.host.headerMapReads).isEmpty();
    }

    @Test
    void aRequestHandlerThatAsksForNothingReadsNoHeaderMapAndOneThatAsksReadsItOnce() {
        List<String> seen = new ArrayList<>();
        RuntimeFixture fixture = new RuntimeFixture(Plugin.builder("p")
                .onRequestHeaders((http, config) -> {
                    if (http.requestHeader("x-ask") != null) {
                        seen.add(http.method() + " " + http.scheme() + "://" + http.host() + http.path() + " "
                                + http.isWebsocket());
                        http.log().info("asked");
                    }
                    http.addRequestHeader("hello", "world");
                    return HeaderStatus.CONTINUE;
                })
                .build());
        assertThat(fixture.configure("{}")).isTrue();

        fixture.requestHeaders(2, REQUEST, true);
        fixture.complete(2);
        fixture.requestHeaders(3, REQUEST.newBuilder().add("x-ask", "1").build(), true);
        fixture.complete(3);

        assertThat(fixture.host.headerMapReads).containsExactly("3 HTTP_REQUEST_HEADERS");
        assertThat(seen).containsExactly("POST https://example.com/a false");
        assertThat(fixture.host.logs(LogLevel.INFO)).containsExactly("[p] [nil] [nil] plugin start successfully",
                "[p] [nil] [req-2] asked");
        assertThat(fixture.host.streamActions).containsExactly("2 add HTTP_REQUEST_HEADERS hello: world",
                "3 add HTTP_REQUEST_HEADERS hello: world");
    }

    /**
     * With a handler in a later phase, the values are taken when the request-header phase ends, so a rewrite of the
     * request headers by a later filter does not show (Higress caches them in that phase too).
     */
    @Test
    void laterPhasesSeeTheValuesOfTheRequestHeaderPhase() {
        RuntimeFixture fixture = new RuntimeFixture(Plugin.builder("p")
                .onRequestHeaders((http, config) -> HeaderStatus.CONTINUE)
                .onResponseHeaders((http, config) -> {
                    events.add("response headers " + http.path() + " " + http.host());
                    return HeaderStatus.CONTINUE;
                })
                .build());
        assertThat(fixture.configure("{}")).isTrue();
        fixture.requestHeaders(2, REQUEST, true);
        fixture.host.headers(2, MapType.HTTP_REQUEST_HEADERS,
                REQUEST.newBuilder().set(":path", "/rewritten").set(":authority", "backend").build());

        fixture.responseHeaders(2, Headers.of(":status", "200"), true);

        assertThat(events).containsExactly("response headers /a example.com");
        assertThat(fixture.host.headerMapReads).containsExactly("2 HTTP_REQUEST_HEADERS");
    }

    @Test
    void aContextKeptAfterItsStreamEndedWithoutAskingHasEmptyValuesAndReadsNothing() {
        List<HttpContext> kept = new ArrayList<>();
        RuntimeFixture fixture = new RuntimeFixture(Plugin.builder("p")
                .onRequestHeaders((http, config) -> {
                    kept.add(http);
                    return HeaderStatus.CONTINUE;
                })
                .build());
        assertThat(fixture.configure("{}")).isTrue();
        fixture.requestHeaders(2, REQUEST, true);
        fixture.complete(2);
        fixture.requestHeaders(3, REQUEST, true);

        HttpContext ended = kept.get(0);
        assertThat(List.of(ended.method(), ended.scheme(), ended.host(), ended.path())).containsExactly("", "", "", "");
        assertThat(ended.isWebsocket()).isFalse();
        assertThat(fixture.host.headerMapReads).isEmpty();
    }

    @Test
    void aRequestNoRuleMatchesIsLeftAlone() {
        RuntimeFixture fixture = started(http -> { });
        fixture.configure("{\"_rules_\": [{\"_match_domain_\": [\"other.example\"], \"x\": 1}]}");

        assertThat(fixture.requestHeaders(2, REQUEST, false)).isEqualTo(HeaderStatus.CONTINUE.code());
        fixture.requestBody(2, "ab", true);
        fixture.responseHeaders(2, Headers.of(":status", "200"), true);
        fixture.complete(2);

        assertThat(events).isEmpty();
    }

    @Test
    void propertiesAndRoutingSettingsReachTheHost() {
        RuntimeFixture fixture = started(http -> {
            http.disableReroute();
            http.setRequestBodyBufferLimit(1024);
            http.setResponseBodyBufferLimit(4L << 30);
            http.setProperty(new byte[] {'v'}, "a", "b");
            events.add(http.propertyString("a", "b") + " " + http.propertyString("absent"));
        });

        fixture.requestHeaders(2, REQUEST, true);

        assertThat(fixture.host.streamActions).containsExactly("2 property clear_route_cache=off",
                "2 property set_decoder_buffer_limit=1024", "2 property set_encoder_buffer_limit=4294967296",
                "2 property a.b=v");
        assertThat(events).containsExactly("request headers", "v null");
    }

    @Test
    void attributesLiveUntilTheStreamIsDeleted() {
        List<HttpContext> kept = new ArrayList<>();
        RuntimeFixture fixture = started(http -> {
            http.setAttribute("k", "v");
            http.setAttribute("gone", "x");
            http.setAttribute("gone", null);
            kept.add(http);
        });
        fixture.requestHeaders(2, REQUEST, true);
        HttpContext http = kept.get(0);
        List<Object> before = new ArrayList<>(List.of(http.attribute("k"), String.valueOf(http.attribute("gone")),
                http.hasRequestBody(), http.isStreamEnded()));

        fixture.complete(2);

        assertThat(before).containsExactly("v", "null", false, false);
        assertThat(List.of(String.valueOf(http.attribute("k")), http.isStreamEnded())).containsExactly("null", true);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
