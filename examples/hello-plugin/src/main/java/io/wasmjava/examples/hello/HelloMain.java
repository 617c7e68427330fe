package io.wasmjava.examples.hello;

import io.wasmjava.core.WasmPlugin;

/** The Wasm entry point: {@code _start} runs it once, before any context exists. */
public final class HelloMain {
    private HelloMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(HelloPlugin.definition());
    }
}
