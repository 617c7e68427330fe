package io.wasmjava.examples.chain;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link ChainPluginScenarios} against the compiled {@code target/main.wasm}, on Chicory's runtime compiler. */
class ChainPluginWasmIT extends ChainPluginScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
