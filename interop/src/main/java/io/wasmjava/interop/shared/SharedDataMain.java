package io.wasmjava.interop.shared;

import io.wasmjava.core.WasmPlugin;

/** The Wasm entry point of {@link SharedDataPlugin} ({@code target/shared-data.wasm}). */
public final class SharedDataMain {
    private SharedDataMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(SharedDataPlugin.definition());
    }
}
