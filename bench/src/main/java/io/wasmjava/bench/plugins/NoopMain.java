package io.wasmjava.bench.plugins;

import io.wasmjava.core.Plugin;
import io.wasmjava.core.WasmPlugin;

/** A plugin with no handlers: the per-request cost of the SDK's dispatch alone. */
public final class NoopMain {
    private NoopMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(Plugin.builder("noop").build());
    }
}
