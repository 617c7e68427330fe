package io.wasmjava.core.runtime;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.MapType;

/**
 * The response side of {@link HttpContext#routeCall}, as Higress's {@code CommonHttpCtx} handles a response while its
 * {@code responseCallback} is set (wasm-go {@code pkg/wrapper/plugin_wrapper.go}, {@code OnHttpResponseHeaders} and
 * {@code OnHttpResponseBody}): the plugin's response handlers are bypassed and the callback gets the status, the
 * headers and the whole body. Made only by {@code routeCall}, so plugins that never call it link none of this.
 */
final class RouteCall implements ResponseTakeover {
    private final HttpContext.RouteCallback callback;

    RouteCall(HttpContext.RouteCallback callback) {
        this.callback = callback;
    }

    /**
     * Response headers: a response that ends here goes to the callback at once (with an empty body) and the phase
     * returns STOP_ALL_ITERATION_AND_WATERMARK, as Higress; otherwise the body is awaited (STOP_ITERATION).
     */
    @Override
    public int onResponseHeaders(Host host, boolean endOfStream) {
        if (!endOfStream) {
            return HeaderStatus.STOP_ITERATION.code();
        }
        callback.onResponse(status(host.header(MapType.HTTP_RESPONSE_HEADERS, ":status")),
                host.headers(MapType.HTTP_RESPONSE_HEADERS), new byte[0]);
        return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK.code();
    }

    /**
     * The whole response body, buffered by the stream until the last chunk: {@code content-length} is removed and the
     * callback gets the status, the headers and the body; the phase continues. A body over
     * {@link io.wasmjava.core.Limits#maxBodyBytes()} is handled as the body handlers' are (this is not called).
     */
    @Override
    public DataStatus handle(HttpContext http, Object config, byte[] body) {
        int status = status(http.responseHeader(":status"));
        http.removeResponseHeader("content-length");
        callback.onResponse(status, http.responseHeaders(), body);
        return DataStatus.CONTINUE;
    }

    /**
     * {@code :status} as Higress reads it: 500 when absent, and Go's {@code strconv.Atoi} result otherwise, which is 0
     * for anything that is not a decimal integer (the error is ignored but the result still assigned).
     */
    static int status(String status) {
        if (status == null || status.isEmpty()) {
            return 500;
        }
        try {
            return Integer.parseInt(status);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
