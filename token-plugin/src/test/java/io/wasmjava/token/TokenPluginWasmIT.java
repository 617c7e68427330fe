package io.wasmjava.token;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link TokenPluginScenarios} against the compiled {@code target/main.wasm}, on Chicory's runtime compiler. */
class TokenPluginWasmIT extends TokenPluginScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
