package io.wasmjava.interop.attrs;

import io.wasmjava.core.WasmPlugin;

/** The attributes module's entry point ({@code target/attrs.wasm}). */
public final class AttrsMain {
    private AttrsMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(AttrsPlugin.definition());
    }
}
