package io.wasmjava.core.runtime;

import io.wasmjava.core.Headers;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.MapType;
import java.nio.charset.StandardCharsets;

/**
 * A {@link Dispatcher} for one plugin over a {@link RecordingHost}; the test plays Envoy, one callback at a time, with
 * the plugin context {@value #ROOT} and streams numbered from 2.
 */
final class RuntimeFixture {
    static final int ROOT = 1;

    final RecordingHost host = new RecordingHost();
    final Dispatcher dispatcher;

    RuntimeFixture(Plugin<?> plugin) {
        dispatcher = new Dispatcher(host, plugin);
        host.effective = ROOT;
        dispatcher.onContextCreate(ROOT, 0);
    }

    /** {@code proxy_on_configure} with {@code json}; returns its result. */
    boolean configure(String json) {
        host.configuration = json.getBytes(StandardCharsets.UTF_8);
        host.effective = ROOT;
        return dispatcher.onConfigure(ROOT, host.configuration.length);
    }

    /** Creates stream {@code id} and delivers its request headers; returns the header status code. */
    int requestHeaders(int id, Headers headers, boolean endOfStream) {
        host.headers(id, MapType.HTTP_REQUEST_HEADERS, headers);
        host.effective = id;
        dispatcher.onContextCreate(id, ROOT);
        return dispatcher.onRequestHeaders(id, headers.size(), endOfStream);
    }

    /** Delivers a request body of which {@code buffered} is what the host holds now; returns the data status code. */
    int requestBody(int id, String buffered, boolean endOfStream) {
        host.body(id, BufferType.HTTP_REQUEST_BODY, buffered);
        host.effective = id;
        return dispatcher.onRequestBody(id, buffered.getBytes(StandardCharsets.UTF_8).length, endOfStream);
    }

    int responseHeaders(int id, Headers headers, boolean endOfStream) {
        host.headers(id, MapType.HTTP_RESPONSE_HEADERS, headers);
        host.effective = id;
        return dispatcher.onResponseHeaders(id, headers.size(), endOfStream);
    }

    int responseBody(int id, String buffered, boolean endOfStream) {
        host.body(id, BufferType.HTTP_RESPONSE_BODY, buffered);
        host.effective = id;
        return dispatcher.onResponseBody(id, buffered.getBytes(StandardCharsets.UTF_8).length, endOfStream);
    }

    /** Ends stream {@code id} as Envoy does: {@code proxy_on_done}, {@code proxy_on_log}, {@code proxy_on_delete}. */
    void complete(int id) {
        host.effective = id;
        dispatcher.onDone(id);
        dispatcher.onLog(id);
        dispatcher.onDelete(id);
    }

    /** Answers callout {@code token} with {@code headers} and {@code body}, delivered on the plugin context. */
    void respond(int token, Headers headers, String body) {
        host.calls.remove(token);
        host.calloutHeaders = headers;
        host.calloutBody = body.getBytes(StandardCharsets.UTF_8);
        host.effective = ROOT;
        dispatcher.onHttpCallResponse(ROOT, token, headers.size(), host.calloutBody.length, 0);
    }
}
