package io.wasmjava.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.Limits;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.PayloadTooLargeException;
import io.wasmjava.core.Plugin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Dispatcher}: routing of every callback, the export boundary (nothing thrown escapes), and callouts: delivered
 * on their own context, dropped once their stream ended, and a failing callback resumes what it held.
 */
class DispatcherTest {
    private static final Headers REQUEST = Headers.of(":path", "/", "x-request-id", "req-2");

    private final List<String> events = new ArrayList<>();

    /** Calls the auth cluster from the request headers (held) and records the answer's body in its callback. */
    private final Plugin<?> caller = Plugin.builder("p")
            .onRequestHeaders((http, config) -> {
                http.plugin().callouts().dispatchHttpCall("auth", Headers.empty(), new byte[0], 500,
                        (headers, body, trailers) -> {
                            events.add("answer " + new String(body) + " on " + http.plugin().callouts()
                                    .currentRequest().contextId());
                            if (body.length == 0) {
                                throw new IllegalStateException("empty answer");
                            }
                            http.resumeRequest();
                        });
                return HeaderStatus.STOP_ITERATION;
            })
            .onResponseHeaders((http, config) -> {
                http.plugin().callouts().dispatchHttpCall("auth", Headers.empty(), new byte[0], 500,
                        (headers, body, trailers) -> {
                            throw new IllegalStateException("response callout failed");
                        });
                return HeaderStatus.STOP_ITERATION;
            })
            .build();

    private RuntimeFixture started(Plugin<?> plugin) {
        RuntimeFixture fixture = new RuntimeFixture(plugin);
        assertThat(fixture.configure("{}")).isTrue();
        return fixture;
    }

    @Test
    void callbacksForUnknownContextsAreIgnored() {
        RuntimeFixture fixture = started(caller);
        Dispatcher dispatcher = fixture.dispatcher;

        List<Object> results = List.of(dispatcher.onRequestHeaders(9, 1, false), dispatcher.onRequestBody(9, 1, false),
                dispatcher.onRequestTrailers(9, 1), dispatcher.onResponseHeaders(9, 1, false),
                dispatcher.onResponseBody(9, 1, false), dispatcher.onResponseTrailers(9, 1), dispatcher.onDone(9),
                dispatcher.onVmStart(9, 0));
        dispatcher.onLog(9);
        dispatcher.onTick(9);
        dispatcher.onDelete(9);
        dispatcher.onHttpCallResponse(1, 77, 0, 0, 0);
        dispatcher.onRedisCallResponse(1, 77, 0, 0);

        assertThat(results).containsExactly(0, 0, 0, 0, 0, 0, true, true);
        assertThat(fixture.host.logs(LogLevel.CRITICAL)).isEmpty();
    }

    @Test
    void aStreamOfAnUnknownPluginContextIsRefusedAndLogged() {
        RuntimeFixture fixture = started(caller);

        fixture.dispatcher.onContextCreate(5, 4);

        assertThat(fixture.host.logs(LogLevel.CRITICAL)).containsExactly(
                "[p] proxy_on_context_create: unknown parent context 4 for 5");
        assertThat(fixture.dispatcher.onRequestHeaders(5, 0, true)).isZero();
    }

    @Test
    void aThrowingHandlerIsLoggedAndTheStreamContinues() {
        RuntimeFixture fixture = started(Plugin.builder("p")
                .onRequestBody((http, config, body) -> {
                    throw new IllegalArgumentException("bad body", new IllegalStateException("cause"));
                })
                .build());
        fixture.requestHeaders(2, REQUEST, false);

        assertThat(fixture.requestBody(2, "x", true)).isEqualTo(DataStatus.CONTINUE.code());

        assertThat(fixture.host.logs(LogLevel.CRITICAL)).containsExactly("[p] uncaught exception in "
                + "proxy_on_request_body: java.lang.IllegalArgumentException: bad body; caused by "
                + "java.lang.IllegalStateException: cause");
    }

    @Test
    void aCalloutAnswerRunsOnItsRequestAndResumesIt() {
        RuntimeFixture fixture = started(caller);
        fixture.requestHeaders(2, REQUEST, true);
        int token = fixture.host.calls.keySet().iterator().next();

        fixture.respond(token, Headers.of(":status", "200"), "ok");

        assertThat(events).containsExactly("answer ok on 2");
        assertThat(fixture.host.streamActions).containsExactly("2 resume REQUEST");
        assertThat(fixture.dispatcher.pendingCallouts()).isZero();
    }

    @Test
    void aCalloutOfAnEndedStreamIsForgottenAndItsAnswerDropped() {
        RuntimeFixture fixture = started(caller);
        fixture.requestHeaders(2, REQUEST, true);
        int token = fixture.host.calls.keySet().iterator().next();
        assertThat(fixture.dispatcher.pendingCallouts()).isOne();

        fixture.complete(2);
        fixture.respond(token, Headers.of(":status", "200"), "late");

        assertThat(fixture.dispatcher.pendingCallouts()).isZero();
        assertThat(events).isEmpty();
        assertThat(fixture.host.streamActions).isEmpty();
    }

    @Test
    void aThrowingCalloutCallbackResumesTheDirectionItHeld() {
        RuntimeFixture fixture = started(caller);
        fixture.requestHeaders(2, REQUEST, true);
        fixture.respond(fixture.host.calls.keySet().iterator().next(), Headers.empty(), "");
        fixture.responseHeaders(2, Headers.of(":status", "200"), true);
        fixture.respond(fixture.host.calls.keySet().iterator().next(), Headers.of(":status", "200"), "x");

        assertThat(fixture.host.streamActions).containsExactly("2 resume REQUEST", "2 resume RESPONSE");
        assertThat(fixture.host.logs(LogLevel.CRITICAL)).containsExactly(
                "[p] uncaught exception in proxy_on_http_call_response: java.lang.IllegalStateException: empty answer",
                "[p] uncaught exception in proxy_on_http_call_response: java.lang.IllegalStateException: response "
                        + "callout failed");
    }

    @Test
    void aConfigurationOverTheLimitFailsTheStartUnread() {
        RuntimeFixture fixture = new RuntimeFixture(Plugin.builder("p")
                .limits(Limits.newBuilder().maxConfigurationBytes(4).build()).build());

        assertThat(fixture.configure("{\"a\": 1}")).isFalse();

        assertThat(fixture.host.logs(LogLevel.ERROR)).containsExactly("[p] [nil] [nil] parse config failed: "
                + "configuration of 8 bytes exceeds the maxConfigurationBytes of 4 bytes", "[p] [nil] [nil] plugin "
                + "start failed");
    }

    @Test
    void aTaskDeferredInACallbackRunsWhenTheOutermostCallbackReturns() {
        List<String> order = new ArrayList<>();
        RuntimeFixture fixture = started(Plugin.builder("p")
                .onRequestHeaders((http, config) -> {
                    http.plugin().runAfterCallback(() -> order.add("deferred"));
                    order.add("handler");
                    return HeaderStatus.CONTINUE;
                })
                .build());

        fixture.requestHeaders(2, REQUEST, true);
        order.add("returned");

        assertThat(order).containsExactly("handler", "deferred", "returned");
    }

    @Test
    void sizesFromTheHostAreUnsigned() {
        assertThatThrownBy(() -> Dispatcher.checkSize("reply", -1, Integer.MAX_VALUE, "maxReplyBytes"))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessage("reply of 4294967295 bytes exceeds the maxReplyBytes of 2147483647 bytes");
    }
}
