package io.wasmjava.token;

import io.wasmjava.core.WasmPlugin;

/** The Wasm entry point. */
public final class TokenMain {
    private TokenMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(TokenPlugin.definition());
    }
}
