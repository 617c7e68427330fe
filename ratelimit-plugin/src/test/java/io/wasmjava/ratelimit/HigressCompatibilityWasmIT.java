package io.wasmjava.ratelimit;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link HigressCompatibilityScenarios} against the compiled {@code target/main.wasm}, on Chicory's compiler. */
class HigressCompatibilityWasmIT extends HigressCompatibilityScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
