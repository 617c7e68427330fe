package io.wasmjava.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.Callouts;
import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.host.HostProblemException;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.host.LogRecord;
import io.wasmjava.host.PendingHttpCall;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.host.PluginEngine;
import io.wasmjava.host.RedisInit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The harness in JVM mode, with small plugins written for each behaviour. */
class PluginHarnessTest {
    private static final String AUTH = "outbound|80||auth.dns";
    private static final Headers REQUEST = Headers.of(":authority", "example.com", ":method", "GET", ":path", "/a",
            "x-request-id", "req-9");

    private final List<PluginHarness> harnesses = new ArrayList<>();

    @AfterEach
    void close() {
        harnesses.forEach(PluginHarness::close);
    }

    private PluginHarness started(Plugin<?> plugin) {
        return started(PluginHarness.builder(Engines.jvm(plugin)).config("{}"));
    }

    private PluginHarness started(PluginHarness.Builder builder) {
        PluginHarness harness = builder.build();
        harnesses.add(harness);
        assertThat(harness.start()).as("start; logs: %s", harness.logs()).isTrue();
        return harness;
    }

    /** Asks the auth service about every request; adds its status (or "none") and resumes. */
    private static Plugin<ConfigNode> authPlugin() {
        return Plugin.builder("auth")
                .onRequestHeaders((http, config) -> {
                    http.plugin().callouts().dispatchHttpCall(AUTH,
                            Headers.of(":method", "GET", ":path", "/check" + http.path(), ":authority", "auth"),
                            new byte[0], 500, (headers, body, trailers) -> {
                                String status = headers.value(":status");
                                http.addRequestHeader("x-auth-status", status == null ? "none" : status);
                                http.addRequestHeader("x-auth-body", new String(body, StandardCharsets.UTF_8));
                                http.resumeRequest();
                            });
                    return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
                })
                .build();
    }

    private static Headers withAuth(Headers request, String status, String body) {
        return request.newBuilder().add("x-auth-status", status).add("x-auth-body", body).build();
    }

    @Test
    void recordsTheCallThePluginDispatched() {
        PluginHarness harness = started(authPlugin());
        HttpStream stream = harness.newStream();

        assertThat(stream.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        PendingHttpCall call = harness.pendingHttpCalls().get(0);
        assertThat(harness.pendingHttpCalls()).hasSize(1);
        assertThat(call.cluster()).isEqualTo(AUTH);
        assertThat(call.headers()).isEqualTo(Headers.of(":method", "GET", ":path", "/check/a", ":authority", "auth"));
        assertThat(call.bodyText()).isEmpty();
        assertThat(List.of(call.token(), call.timeoutMillis(), call.contextId()))
                .containsExactly(4, 500, stream.contextId());
        assertThat(stream.requestResumed()).isFalse();
    }

    @Test
    void deliversResponsesInAnyOrder() {
        PluginHarness harness = started(authPlugin());
        HttpStream first = harness.newStream();
        HttpStream second = harness.newStream();
        first.requestHeaders(REQUEST, true);
        second.requestHeaders(REQUEST, true);
        List<PendingHttpCall> calls = harness.pendingHttpCalls();

        calls.get(1).respond(201, Headers.of("x-from", "auth"), "second".getBytes(StandardCharsets.UTF_8));
        calls.get(0).respond(Headers.of(":status", "200"), "first".getBytes(StandardCharsets.UTF_8));

        assertThat(first.requestHeaders()).isEqualTo(withAuth(REQUEST, "200", "first"));
        assertThat(second.requestHeaders()).isEqualTo(withAuth(REQUEST, "201", "second"));
        assertThat(List.of(first.requestResumeCount(), second.requestResumeCount())).containsExactly(1, 1);
        assertThat(harness.pendingHttpCalls()).isEmpty();
        assertThat(harness.host().effectiveContextSwitches()).containsExactly(second.contextId(), first.contextId());
    }

    @Test
    void resetsACallWithoutHeadersOrBody() {
        PluginHarness harness = started(authPlugin());
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, true);

        harness.pendingHttpCalls().get(0).reset();

        assertThat(stream.requestHeaders()).isEqualTo(withAuth(REQUEST, "none", ""));
        assertThat(stream.requestResumed()).isTrue();
    }

    @Test
    void timesACallOutWithEnvoysGatewayTimeoutReply() {
        PluginHarness harness = started(authPlugin());
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, true);

        harness.advanceTime(100);

        harness.pendingHttpCalls().get(0).timeout();

        assertThat(stream.requestHeaders()).isEqualTo(withAuth(REQUEST, "504", "upstream request timeout"));
        assertThat(harness.now()).as("the call's 500 ms deadline").isEqualTo("2024-01-01T00:00:00.500Z");
    }

    @Test
    void dropsTheResponseWhenTheStreamHasEnded() {
        PluginHarness harness = started(authPlugin());
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, true);
        PendingHttpCall call = harness.pendingHttpCalls().get(0);
        stream.complete();

        call.respond(200, "late");

        assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
        assertThat(stream.requestResumed()).isFalse();
        assertThat(harness.logs(LogLevel.CRITICAL)).isEmpty();
    }

    @Test
    void refusesToAnswerACallTwice() {
        PluginHarness harness = started(authPlugin());
        harness.newStream().requestHeaders(REQUEST, true);
        PendingHttpCall call = harness.pendingHttpCalls().get(0);
        call.respond(200, "");

        assertThatThrownBy(call::reset).isInstanceOf(IllegalStateException.class)
                .hasMessage("HTTP call 4 to " + AUTH + " was already answered");
    }

    @Test
    void refusesCallsToClustersTheHostDoesNotKnow() {
        PluginHarness harness = started(PluginHarness.builder(Engines.jvm(authPlugin())).knownClusters("other"));
        HttpStream stream = harness.newStream();

        assertThat(stream.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.CONTINUE);

        assertThat(harness.pendingHttpCalls()).isEmpty();
        assertThat(harness.logs(LogLevel.CRITICAL)).containsExactly("[auth] uncaught exception in "
                + "proxy_on_request_headers: io.wasmjava.core.host.HostStatusException: proxy_http_call: BAD_ARGUMENT");
    }

    /** Counts requests in Redis: INCR per request, the count goes into a header; 503 if Redis fails. */
    private static Plugin<ConfigNode> counterPlugin() {
        return Plugin.builder("counter")
                .parseConfig((json, plugin) -> {
                    plugin.callouts().redisInit("outbound|6379||redis.dns", "user", "pass", 2000);
                    return json;
                })
                .onRequestHeaders((http, config) -> {
                    Callouts callouts = http.plugin().callouts();
                    callouts.dispatchRedisCall("outbound|6379||redis.dns",
                            "*2\r\n$4\r\nINCR\r\n$4\r\nhits\r\n".getBytes(StandardCharsets.UTF_8),
                            (status, reply) -> {
                                if (status != 0) {
                                    http.sendLocalResponse(503, "redis status " + status);
                                    return;
                                }
                                http.addRequestHeader("x-hits", new String(reply, StandardCharsets.UTF_8).trim());
                                http.resumeRequest();
                            });
                    return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
                })
                .build();
    }

    @Test
    void repliesToRedisCalls() {
        PluginHarness harness = started(counterPlugin());
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, true);
        PendingRedisCall call = harness.pendingRedisCalls().get(0);

        call.reply(":42\r\n");

        assertThat(List.of(call.token(), call.contextId())).containsExactly(7, stream.contextId());
        assertThat(call.cluster()).isEqualTo("outbound|6379||redis.dns");
        assertThat(call.queryText()).isEqualTo("*2\r\n$4\r\nINCR\r\n$4\r\nhits\r\n");
        assertThat(stream.requestHeaders()).isEqualTo(REQUEST.newBuilder().add("x-hits", ":42").build());
        assertThat(harness.pendingRedisCalls()).isEmpty();
        assertThat(harness.redisInits()).containsExactly(new RedisInit("outbound|6379||redis.dns", "user", "pass",
                2000));
    }

    @Test
    void failsRedisCallsWithAHostStatus() {
        PluginHarness harness = started(counterPlugin());
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, true);

        harness.pendingRedisCalls().get(0).fail(10);

        assertThat(stream.localResponse()).isEqualTo(LocalResponse.of(503, Headers.empty(), "redis status 10"));
        assertThat(stream.requestResumed()).isFalse();
    }

    @Test
    void ticksOnlyOnceThePluginAskedForTicks() {
        Plugin<ConfigNode> plugin = Plugin.builder("ticker")
                .parseConfig((json, context) -> {
                    context.registerTick(1000, () -> context.log().info("tick at " + context.currentTimeMillis()));
                    return json;
                })
                .build();
        PluginHarness harness = started(plugin);

        assertThat(harness.tickPeriodMillis()).isEqualTo(100);
        assertThat(harness.tick()).isTrue();
        harness.advanceTime(500);
        harness.tick();
        harness.advanceTime(500);
        harness.tick();

        assertThat(harness.logs(LogLevel.INFO)).containsExactly(
                "[ticker] [nil] [nil] plugin start successfully",
                "[ticker] [nil] [nil] tick at 1704067200000",
                "[ticker] [nil] [nil] tick at 1704067201000");
    }

    @Test
    void deliversNoTickWithoutATickPeriod() {
        PluginHarness harness = started(authPlugin());

        assertThat(harness.tick()).isFalse();
    }

    @Test
    void buffersBodyChunksUntilThePluginTakesTheWholeBody() {
        Plugin<ConfigNode> plugin = Plugin.builder("upper")
                .onRequestBody((http, config, body) -> {
                    http.replaceRequestBody(new String(body, StandardCharsets.UTF_8).toUpperCase()
                            .getBytes(StandardCharsets.UTF_8));
                    return DataStatus.CONTINUE;
                })
                .build();
        HttpStream stream = started(plugin).newStream();
        stream.requestHeaders(REQUEST, false);

        assertThat(stream.requestBody("hello ", false)).isEqualTo(DataStatus.STOP_ITERATION_AND_BUFFER);
        assertThat(stream.requestBody("world", true)).isEqualTo(DataStatus.CONTINUE);

        assertThat(stream.requestBodyText()).isEqualTo("HELLO WORLD");
    }

    @Test
    void logsWithTheRequestIdInThePrefix() {
        Plugin<ConfigNode> plugin = Plugin.builder("talker")
                .onRequestHeaders((http, config) -> {
                    http.log().debug("saw " + http.path());
                    return HeaderStatus.CONTINUE;
                })
                .build();
        PluginHarness harness = started(plugin);

        harness.newStream().requestHeaders(REQUEST, true);

        assertThat(harness.logRecords()).containsExactly(
                new LogRecord(LogLevel.INFO, "[talker] [nil] [nil] plugin start successfully"),
                new LogRecord(LogLevel.DEBUG, "[talker] [nil] [req-9] saw /a"));
    }

    @Test
    void honoursTheHostLogLevel() {
        Plugin<ConfigNode> plugin = Plugin.builder("talker")
                .onRequestHeaders((http, config) -> {
                    http.log().debug("saw " + http.path());
                    return HeaderStatus.CONTINUE;
                })
                .build();
        PluginHarness harness = started(PluginHarness.builder(Engines.jvm(plugin)).config("{}")
                .logLevel(LogLevel.WARN));

        harness.newStream().requestHeaders(REQUEST, true);

        assertThat(harness.logs()).isEmpty();
    }

    @Test
    void capturesTheLocalResponseWithItsHeaders() {
        Plugin<ConfigNode> plugin = Plugin.builder("deny")
                .onRequestHeaders((http, config) -> {
                    http.sendLocalResponse(403, Headers.of("x-reason", "no"), "denied".getBytes(StandardCharsets.UTF_8));
                    return HeaderStatus.STOP_ITERATION;
                })
                .build();
        HttpStream stream = started(plugin).newStream();

        assertThat(stream.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.STOP_ITERATION);

        assertThat(stream.localResponse()).isEqualTo(new LocalResponse(403, "",
                "denied".getBytes(StandardCharsets.UTF_8), Headers.of("x-reason", "no"), -1));
    }

    @Test
    void reportsAFailedConfigurationAsFalse() {
        Plugin<String> plugin = Plugin.builder("strict")
                .parseConfig((json, context) -> json.string("name"))
                .build();
        PluginHarness harness = PluginHarness.builder(Engines.jvm(plugin)).config("{\"name\": 3}").build();
        harnesses.add(harness);

        assertThat(harness.start()).isFalse();
        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(
                "[strict] [nil] [nil] parse rule config failed: name: expected string but was number",
                "[strict] [nil] [nil] plugin start failed");
    }

    @Test
    void givesEachStreamItsOwnProperties() {
        Plugin<ConfigNode> plugin = Plugin.builder("route")
                .onRequestHeaders((http, config) -> {
                    http.addRequestHeader("x-route", http.propertyString("route_name"));
                    http.setProperty("seen".getBytes(StandardCharsets.UTF_8), "wasm", "marker");
                    return HeaderStatus.CONTINUE;
                })
                .build();
        PluginHarness harness = started(PluginHarness.builder(Engines.jvm(plugin)).config("{}")
                .property("route_name", "route-host"));
        HttpStream own = harness.newStream().property("route_name", "route-own");
        HttpStream inherited = harness.newStream();

        own.requestHeaders(Headers.of(":path", "/"), true);
        inherited.requestHeaders(Headers.of(":path", "/"), true);

        assertThat(own.requestHeaders()).isEqualTo(Headers.of(":path", "/", "x-route", "route-own"));
        assertThat(inherited.requestHeaders()).isEqualTo(Headers.of(":path", "/", "x-route", "route-host"));
        assertThat(own.propertyText("wasm", "marker")).isEqualTo("seen");
        assertThat(own.propertyText("cluster_name")).isEqualTo("test-cluster-default");
    }

    @Test
    void endsAStreamWithDoneLogAndDelete() {
        List<String> calls = new ArrayList<>();
        PluginHarness harness = started(PluginHarness.builder(host -> new RecordingEngine(calls)));
        HttpStream stream = harness.newStream();

        stream.complete();

        assertThat(calls).containsExactly("context_create 1 0", "vm_start 1", "configure 1", "context_create 2 1",
                "done 2", "log 2", "delete 2");
        assertThat(stream.isComplete()).isTrue();
        assertThatThrownBy(() -> stream.requestHeaders(REQUEST, true)).isInstanceOf(IllegalStateException.class)
                .hasMessage("stream 2 is complete");
    }

    @Test
    void failsTheTestWhenThePluginMakesAnUnmodelledHostCall() {
        PluginHarness harness = started(PluginHarness.builder(host -> new RecordingEngine(new ArrayList<>()) {
            @Override
            public int call(Export export, int... args) {
                if (export != Export.REQUEST_HEADERS) {
                    return super.call(export, args);
                }
                try {
                    host.buffer(io.wasmjava.core.host.BufferType.GRPC_RECEIVE_BUFFER, 0, 1);
                } catch (RuntimeException e) {
                    // A plugin would log this; the harness still fails the test.
                }
                return 0;
            }
        }));

        assertThatThrownBy(() -> harness.newStream().requestHeaders(REQUEST, true))
                .isInstanceOf(HostProblemException.class)
                .hasMessage("host-side problems while the plugin ran (context 2): [proxy_get_buffer_bytes: buffer "
                        + "type GRPC_RECEIVE_BUFFER is not modelled by this host]");
    }

    @Test
    void rejectsStatusesOutsideTheAbi() {
        PluginHarness harness = started(PluginHarness.builder(host -> new RecordingEngine(new ArrayList<>()) {
            @Override
            public int call(Export export, int... args) {
                return export == Export.REQUEST_HEADERS ? 9 : super.call(export, args);
            }
        }));

        assertThatThrownBy(() -> harness.newStream().requestHeaders(REQUEST, true))
                .isInstanceOf(HostProblemException.class)
                .hasMessage("proxy_on_request_headers returned 9, which is not a header status");
    }

    @Test
    void insistsOnStartingOnceBeforeStreams() {
        PluginHarness harness = PluginHarness.builder(Engines.jvm(authPlugin())).build();
        harnesses.add(harness);

        assertThatThrownBy(harness::newStream).isInstanceOf(IllegalStateException.class)
                .hasMessage("call start() first");
        assertThat(harness.start()).isTrue();
        assertThatThrownBy(harness::start).isInstanceOf(IllegalStateException.class);
        harness.close();
        assertThatThrownBy(harness::tick).isInstanceOf(IllegalStateException.class)
                .hasMessage("the harness is closed");
    }

    @Test
    void startsWithEmptyConfigurationByDefault() {
        PluginHarness harness = PluginHarness.builder(Engines.jvm(authPlugin())).build();
        harnesses.add(harness);

        assertThat(harness.start()).isTrue();
        assertThat(harness.logs(LogLevel.INFO)).containsExactly("[auth] [nil] [nil] plugin start successfully");
    }

    /** An engine that records the callbacks it gets and answers with success. */
    private static class RecordingEngine implements PluginEngine {
        private final List<String> calls;

        RecordingEngine(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public int call(Export export, int... args) {
            switch (export) {
                case CONTEXT_CREATE -> calls.add("context_create " + args[0] + " " + args[1]);
                case QUEUE_READY -> calls.add("queue_ready " + args[0] + " " + args[1]);
                case VM_START -> calls.add("vm_start " + args[0]);
                case CONFIGURE -> calls.add("configure " + args[0]);
                case TICK -> calls.add("tick " + args[0]);
                case REQUEST_HEADERS -> calls.add("request_headers " + args[0]);
                case DONE -> calls.add("done " + args[0]);
                case LOG -> calls.add("log " + args[0]);
                case DELETE -> calls.add("delete " + args[0]);
                default -> {
                }
            }
            return export == Export.VM_START || export == Export.CONFIGURE || export == Export.DONE ? 1 : 0;
        }

        @Override
        public void close() {
        }
    }
}
