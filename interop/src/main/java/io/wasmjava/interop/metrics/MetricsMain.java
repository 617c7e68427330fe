package io.wasmjava.interop.metrics;

import io.wasmjava.core.WasmPlugin;

/** The metrics module's entry point ({@code target/metrics.wasm}). */
public final class MetricsMain {
    private MetricsMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(MetricsPlugin.definition());
    }
}
