package io.wasmjava.token;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link TokenLargeResponseScenarios} against the compiled {@code target/main.wasm}. */
class TokenLargeResponseWasmIT extends TokenLargeResponseScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
