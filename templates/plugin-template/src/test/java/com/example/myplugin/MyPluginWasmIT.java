package com.example.myplugin;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link MyPluginScenarios} against the compiled {@code target/main.wasm} (failsafe, {@code mvn verify}). */
class MyPluginWasmIT extends MyPluginScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
