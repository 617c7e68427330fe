package io.wasmjava.ratelimit;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link RateLimitMetricsScenarios} against the compiled {@code target/main.wasm}. */
class RateLimitMetricsWasmIT extends RateLimitMetricsScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
