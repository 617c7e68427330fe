package io.wasmjava.core;

import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.MapType;
import io.wasmjava.core.host.MetricType;
import io.wasmjava.core.host.StreamType;
import io.wasmjava.core.runtime.Dispatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real {@link Dispatcher} over a minimal {@link FakeHost}, so {@link Promise} runs inside genuine host callbacks
 * (deferred reporting, request binding, ticks, reconfiguration). The test plays Envoy: it opens requests, delivers
 * callout responses, ticks and moves the clock. The test kit cannot be used here: it depends on core.
 */
final class PromiseFixture {
    static final int ROOT = 1;
    static final String PLUGIN = "promise-test";

    final FakeHost host = new FakeHost();
    private final Dispatcher dispatcher;
    private PluginContext plugin;
    private HttpContext lastRequest;
    private Consumer<HttpContext> action;
    private int nextStreamId = 2;

    PromiseFixture() {
        Plugin<PluginContext> definition = Plugin.builder(PLUGIN)
                .parseConfig((json, context) -> {
                    plugin = context;
                    return context;
                })
                .onRequestHeaders((http, config) -> {
                    lastRequest = http;
                    runAction(http);
                    return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
                })
                .onStreamingRequestBody((http, config, chunk, last) -> {
                    runAction(http);
                    return chunk;
                })
                .build();
        dispatcher = new Dispatcher(host, definition);
        host.effective = ROOT;
        dispatcher.onContextCreate(ROOT, 0);
        if (!configure("{}")) {
            throw new AssertionError("the test plugin did not start: " + host.logs);
        }
    }

    PluginContext plugin() {
        return plugin;
    }

    /** {@code proxy_on_configure} again: the plugin's tick functions are dropped, as with every new configuration. */
    boolean configure(String json) {
        host.configuration = json.getBytes(StandardCharsets.UTF_8);
        host.effective = ROOT;
        return dispatcher.onConfigure(ROOT, host.configuration.length);
    }

    /** Opens a request (x-request-id {@code req-<id>}) and runs {@code inHeaders} in its request-headers callback. */
    HttpContext openRequest(Consumer<HttpContext> inHeaders) {
        int id = nextStreamId++;
        host.effective = id;
        dispatcher.onContextCreate(id, ROOT);
        action = inHeaders;
        host.effective = id;
        dispatcher.onRequestHeaders(id, 2, false);
        return lastRequest;
    }

    /** Runs {@code inCallback} inside a later host callback of {@code http} (a request-body chunk). */
    void inRequest(HttpContext http, Consumer<HttpContext> inCallback) {
        action = inCallback;
        host.effective = http.contextId();
        dispatcher.onRequestBody(http.contextId(), 0, false);
    }

    /** Runs {@code inCallback} inside a host callback of the plugin context, for no request. */
    void inPluginCallback(Runnable inCallback) {
        host.effective = ROOT;
        int token = dispatcher.dispatchHttpCallForPlugin(ROOT, "fixture", Headers.empty(), new byte[0], 1000,
                (headers, body, trailers) -> inCallback.run());
        host.calls.remove(token);
        host.effective = ROOT;
        dispatcher.onHttpCallResponse(ROOT, token, 0, 0, 0);
    }

    /** Ends the request as Envoy does ({@code proxy_on_done}, {@code proxy_on_delete}). */
    void endRequest(HttpContext http) {
        host.effective = http.contextId();
        dispatcher.onDone(http.contextId());
        dispatcher.onDelete(http.contextId());
    }

    /** Ends the request as a host that skips {@code proxy_on_done} does: {@code proxy_on_delete} only. */
    void deleteRequest(HttpContext http) {
        host.effective = http.contextId();
        dispatcher.onDelete(http.contextId());
    }

    /** {@code proxy_on_done} only; {@link #deleteRequest} later. */
    void finishRequest(HttpContext http) {
        host.effective = http.contextId();
        dispatcher.onDone(http.contextId());
    }

    /** Callouts the dispatcher still waits for. */
    int pendingCallouts() {
        return dispatcher.pendingCallouts();
    }

    /** One {@code proxy_on_tick}. */
    void tick() {
        host.effective = ROOT;
        dispatcher.onTick(ROOT);
    }

    void advanceMillis(long millis) {
        host.nowNanos += millis * 1_000_000L;
    }

    /**
     * A callback-style call through {@link Callouts#dispatchHttpCall} wrapped in {@link Promise#create}, as the client
     * libraries do: succeeds with the response body, fails with an {@link IOException} on a reset.
     */
    Promise<String> call(String cluster) {
        return Promise.create(plugin, completer -> plugin.callouts().dispatchHttpCall(cluster, Headers.empty(),
                new byte[0], 1000, (headers, body, trailers) -> {
                    if (headers.size() == 0) {
                        completer.fail(new IOException(cluster + " reset"));
                    } else {
                        completer.succeed(new String(body, StandardCharsets.UTF_8));
                    }
                }));
    }

    /** Delivers a 200 response with {@code body} to the pending call to {@code cluster}, in its own host callback. */
    void respond(String cluster, String body) {
        deliver(cluster, Headers.of(":status", "200"), body);
    }

    /** Delivers a reset (no headers) to the pending call to {@code cluster}. */
    void reset(String cluster) {
        deliver(cluster, Headers.empty(), "");
    }

    private void deliver(String cluster, Headers headers, String body) {
        Integer token = null;
        for (Map.Entry<Integer, String> call : host.calls.entrySet()) {
            if (call.getValue().equals(cluster)) {
                token = call.getKey();
                break;
            }
        }
        if (token == null) {
            throw new AssertionError("no pending call to " + cluster + "; pending: " + host.calls);
        }
        host.calls.remove(token);
        host.responseHeaders = headers;
        host.responseBody = body.getBytes(StandardCharsets.UTF_8);
        host.effective = ROOT;
        dispatcher.onHttpCallResponse(ROOT, token, headers.size(), host.responseBody.length, 0);
    }

    /** The messages logged at exactly {@code level}, with their Higress prefix. */
    List<String> logs(LogLevel level) {
        List<String> messages = new ArrayList<>();
        for (String[] record : host.logs) {
            if (record[0].equals(level.name())) {
                messages.add(record[1]);
            }
        }
        return messages;
    }

    private void runAction(HttpContext http) {
        Consumer<HttpContext> toRun = action;
        action = null;
        if (toRun != null) {
            toRun.accept(http);
        }
    }

    /** Only the host calls the dispatcher makes for these tests; anything else fails the test. */
    static final class FakeHost implements Host {
        final List<String[]> logs = new ArrayList<>();
        /** What the plugin did to streams, in order: {@code "2 resume REQUEST"}, {@code "2 local 503 body"}. */
        final List<String> streamActions = new ArrayList<>();
        final Map<Integer, String> calls = new LinkedHashMap<>();
        int effective;
        long nowNanos = 1_700_000_000_000L * 1_000_000L;
        int tickPeriodMillis;
        byte[] configuration = new byte[0];
        Headers responseHeaders = Headers.empty();
        byte[] responseBody = new byte[0];
        private int nextToken;

        @Override
        public void log(LogLevel level, String message) {
            logs.add(new String[] {level.name(), message});
        }

        @Override
        public LogLevel logLevel() {
            return LogLevel.TRACE;
        }

        @Override
        public long currentTimeNanos() {
            return nowNanos;
        }

        @Override
        public Headers headers(MapType type) {
            if (type == MapType.HTTP_REQUEST_HEADERS) {
                return Headers.of(":path", "/", "x-request-id", "req-" + effective);
            }
            if (type == MapType.HTTP_CALL_RESPONSE_HEADERS) {
                return responseHeaders;
            }
            throw unexpected("headers(" + type + ")");
        }

        @Override
        public String header(MapType type, String name) {
            return headers(type).value(name);
        }

        @Override
        public byte[] buffer(BufferType type, int start, int maxSize) {
            if (type == BufferType.PLUGIN_CONFIGURATION) {
                return configuration.clone();
            }
            if (type == BufferType.HTTP_CALL_RESPONSE_BODY) {
                return responseBody.clone();
            }
            throw unexpected("buffer(" + type + ")");
        }

        @Override
        public void continueStream(StreamType stream) {
            streamActions.add(effective + " resume " + stream);
        }

        @Override
        public void sendLocalResponse(int statusCode, String details, byte[] body, Headers headers, int grpcStatus) {
            streamActions.add(effective + " local " + statusCode + " " + new String(body, StandardCharsets.UTF_8)
                    + (headers.isEmpty() ? "" : " " + headers));
        }

        @Override
        public void setEffectiveContext(int contextId) {
            effective = contextId;
        }

        @Override
        public void setTickPeriodMillis(int periodMillis) {
            tickPeriodMillis = periodMillis;
        }

        @Override
        public int dispatchHttpCall(String cluster, Headers headers, byte[] body, Headers trailers,
                int timeoutMillis) {
            nextToken += 4;
            calls.put(nextToken, cluster);
            return nextToken;
        }

        @Override
        public void addHeader(MapType type, String name, String value) {
            streamActions.add(effective + " add " + type + " " + name + ": " + value);
        }

        @Override
        public void replaceHeader(MapType type, String name, String value) {
            streamActions.add(effective + " replace " + type + " " + name + ": " + value);
        }

        @Override
        public void removeHeader(MapType type, String name) {
            throw unexpected("removeHeader");
        }

        @Override
        public void setHeaders(MapType type, Headers headers) {
            throw unexpected("setHeaders");
        }

        @Override
        public void setBuffer(BufferType type, int start, int length, byte[] data) {
            throw unexpected("setBuffer");
        }

        @Override
        public byte[] property(List<String> path) {
            throw unexpected("property" + path);
        }

        @Override
        public void setProperty(List<String> path, byte[] value) {
            throw unexpected("setProperty" + path);
        }

        @Override
        public void redisInit(String cluster, String username, String password, int timeoutMillis) {
            throw unexpected("redisInit");
        }

        @Override
        public int dispatchRedisCall(String cluster, byte[] query) {
            throw unexpected("dispatchRedisCall");
        }

        @Override
        public SharedData sharedData(String key) {
            throw unexpected("sharedData");
        }

        @Override
        public boolean setSharedData(String key, byte[] value, int cas) {
            throw unexpected("setSharedData");
        }

        @Override
        public int defineMetric(MetricType type, String name) {
            throw unexpected("defineMetric");
        }

        @Override
        public void incrementMetric(int metricId, long offset) {
            throw unexpected("incrementMetric");
        }

        @Override
        public void recordMetric(int metricId, long value) {
            throw unexpected("recordMetric");
        }

        @Override
        public long metric(int metricId) {
            throw unexpected("metric");
        }

        @Override
        public byte[] callForeignFunction(String name, byte[] argument) {
            throw unexpected("callForeignFunction");
        }

        @Override
        public void done() {
            throw unexpected("done");
        }

        private static AssertionError unexpected(String call) {
            return new AssertionError("the test host does not model " + call);
        }
    }
}
