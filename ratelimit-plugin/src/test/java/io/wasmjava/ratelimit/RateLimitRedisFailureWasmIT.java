package io.wasmjava.ratelimit;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link RateLimitRedisFailureScenarios} against the compiled {@code target/main.wasm}, on Chicory's runtime compiler. */
class RateLimitRedisFailureWasmIT extends RateLimitRedisFailureScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
