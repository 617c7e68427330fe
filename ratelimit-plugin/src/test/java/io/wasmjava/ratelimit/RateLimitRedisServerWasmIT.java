package io.wasmjava.ratelimit;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/**
 * {@link RateLimitRedisServerScenarios} against the compiled {@code target/main.wasm}, on Chicory's runtime compiler,
 * against a real {@code redis-server}.
 */
class RateLimitRedisServerWasmIT extends RateLimitRedisServerScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
