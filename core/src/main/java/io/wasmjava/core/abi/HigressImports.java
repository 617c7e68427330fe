package io.wasmjava.core.abi;

import org.teavm.interop.Import;

/**
 * Higress's Redis host functions (higress-group/proxy-wasm-cpp-host {@code src/exports.cc}). Only plugins that reach
 * them import them, so plugins without Redis stay loadable in upstream Envoy.
 */
final class HigressImports {
    private HigressImports() {
    }

    /** proxy_redis_init: {@code cluster} may carry {@code ?db=..&buffer_flush_timeout=..}; empty strings are (0,0). */
    @Import(module = "env", name = "proxy_redis_init")
    static native int proxyRedisInit(int clusterPtr, int clusterSize, int usernamePtr, int usernameSize,
            int passwordPtr, int passwordSize, int timeoutMillis);

    /** proxy_redis_call: sends one RESP command; writes the callout token (u32) to {@code tokenPtr}. */
    @Import(module = "env", name = "proxy_redis_call")
    static native int proxyRedisCall(int clusterPtr, int clusterSize, int queryPtr, int querySize, int tokenPtr);
}
