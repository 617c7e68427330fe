package io.wasmjava.ratelimit;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link RateLimitLimitsScenarios} against the compiled {@code target/main.wasm}. */
class RateLimitLimitsWasmIT extends RateLimitLimitsScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
