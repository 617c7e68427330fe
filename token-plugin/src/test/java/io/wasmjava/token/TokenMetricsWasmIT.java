package io.wasmjava.token;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link TokenMetricsScenarios} against the compiled {@code target/main.wasm}. */
class TokenMetricsWasmIT extends TokenMetricsScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
