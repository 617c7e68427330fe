package io.wasmjava.examples.hello;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link HelloRulesScenarios} against the compiled {@code target/main.wasm}, on Chicory's runtime compiler. */
class HelloRulesWasmIT extends HelloRulesScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
