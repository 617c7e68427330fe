package com.example.myplugin;

import io.wasmjava.core.WasmPlugin;

/** The Wasm entry point ({@code wasmjava.mainClass} in pom.xml): {@code _start} runs it once, before any context. */
public final class MyMain {
    private MyMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(MyPlugin.definition());
    }
}
