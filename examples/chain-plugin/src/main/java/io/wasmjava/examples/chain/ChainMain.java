package io.wasmjava.examples.chain;

import io.wasmjava.core.WasmPlugin;

/** The Wasm entry point: {@code _start} runs it once, before any context exists. */
public final class ChainMain {
    private ChainMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(ChainPlugin.definition());
    }
}
