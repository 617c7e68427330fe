package io.wasmjava.token;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link TokenSharedCacheScenarios} against the compiled {@code target/main.wasm}. */
class TokenSharedCacheWasmIT extends TokenSharedCacheScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
