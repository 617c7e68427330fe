package io.wasmjava.ratelimit;

import io.wasmjava.core.WasmPlugin;

/** The Wasm entry point. */
public final class RateLimitMain {
    private RateLimitMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(RateLimitPlugin.definition());
    }
}
