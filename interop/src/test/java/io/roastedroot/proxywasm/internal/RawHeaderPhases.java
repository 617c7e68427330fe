package io.roastedroot.proxywasm.internal;

/**
 * Test-only: runs a header phase through proxy-wasm-java-host 0.0.5 and returns the plugin's raw result. The host's
 * own {@link HttpContext#callOnRequestHeaders} maps the result with {@link Action#fromInt}, which knows only 0
 * (Continue) and 1 (StopIteration) and throws {@code IllegalArgumentException("Unknown Action value: 4")} for the
 * {@code StopAllIterationAndWatermark} that Higress plugins return while a callout is out (java-host.md §8). This
 * class lives in the host's package because the ABI entry points are package-private; it does exactly what
 * {@code callOnRequestHeaders} does, minus the mapping and the {@code setAction} call, so a test can tell the
 * phase's result apart from a later {@code proxy_continue_stream}.
 */
public final class RawHeaderPhases {
    private RawHeaderPhases() {
    }

    /** {@code proxy_on_request_headers(context, header count, end of stream)}; returns the raw header status. */
    public static int onRequestHeaders(HttpContext context, boolean endOfStream) {
        ProxyMap headers = context.handler().getHttpRequestHeaders();
        return context.proxyWasm.abi().proxyOnRequestHeaders(context.id, Helpers.len(headers), endOfStream ? 1 : 0);
    }

    /** {@code proxy_on_response_headers(context, header count, end of stream)}; returns the raw header status. */
    public static int onResponseHeaders(HttpContext context, boolean endOfStream) {
        ProxyMap headers = context.handler().getHttpResponseHeaders();
        return context.proxyWasm.abi().proxyOnResponseHeaders(context.id, Helpers.len(headers), endOfStream ? 1 : 0);
    }
}
