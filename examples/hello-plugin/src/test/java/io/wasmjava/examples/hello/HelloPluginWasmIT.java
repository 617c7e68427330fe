package io.wasmjava.examples.hello;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link HelloPluginScenarios} against the compiled {@code target/main.wasm}, on Chicory's runtime compiler. */
class HelloPluginWasmIT extends HelloPluginScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
