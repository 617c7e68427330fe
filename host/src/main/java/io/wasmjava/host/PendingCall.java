package io.wasmjava.host;

/**
 * A callout the plugin made and nobody answered yet, with the instance that delivers the answer. Answer it exactly
 * once; calls may be answered in any order.
 *
 * @param <C> the recorded callout
 */
public abstract sealed class PendingCall<C extends Callout> permits PendingHttpCall, PendingRedisCall {
    final PluginInstance harness;
    final C call;

    PendingCall(PluginInstance harness, C call) {
        this.harness = harness;
        this.call = call;
    }

    /** The callout token: HTTP tokens are multiples of 4, Redis tokens satisfy {@code token & 3 == 3}. */
    public int token() {
        return call.token();
    }

    /** The cluster the call went to, e.g. {@code outbound|80||httpbin.org}. */
    public String cluster() {
        return call.cluster();
    }

    /** The context that made the call: a stream's id, or the root context's. */
    public int contextId() {
        return call.contextId();
    }

    /** The recorded call. */
    public C callout() {
        return call;
    }
}
