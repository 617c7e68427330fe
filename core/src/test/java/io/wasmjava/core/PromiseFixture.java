package io.wasmjava.core;

import io.wasmjava.core.host.MapType;
import io.wasmjava.core.runtime.Dispatcher;
import io.wasmjava.core.runtime.RecordingHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real {@link Dispatcher} over a {@link RecordingHost}, so {@link Promise} runs inside genuine host callbacks
 * (deferred reporting, request binding, ticks, reconfiguration). The test plays Envoy: it opens requests, delivers
 * callout responses, ticks and moves the clock. The test kit cannot be used here: it depends on core.
 */
final class PromiseFixture {
    static final int ROOT = 1;
    static final String PLUGIN = "promise-test";

    final RecordingHost host = new RecordingHost();
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
        host.headers(id, MapType.HTTP_REQUEST_HEADERS, Headers.of(":path", "/", "x-request-id", "req-" + id));
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

    /** Moves the host's clock on by {@code millis}, then one {@code proxy_on_tick}. */
    void tickAfterMillis(long millis) {
        host.nowNanos += millis * 1_000_000L;
        tick();
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
        host.calloutHeaders = headers;
        host.calloutBody = body.getBytes(StandardCharsets.UTF_8);
        host.effective = ROOT;
        dispatcher.onHttpCallResponse(ROOT, token, headers.size(), host.calloutBody.length, 0);
    }

    /** The messages logged at exactly {@code level}, with their Higress prefix. */
    List<String> logs(LogLevel level) {
        return host.logs(level);
    }

    private void runAction(HttpContext http) {
        Consumer<HttpContext> toRun = action;
        action = null;
        if (toRun != null) {
            toRun.accept(http);
        }
    }
}
