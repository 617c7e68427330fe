package io.wasmjava.token;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link TokenServiceScenarios} against the compiled {@code target/main.wasm}, on Chicory's runtime compiler. */
class TokenServiceWasmIT extends TokenServiceScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
