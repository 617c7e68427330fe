package io.wasmjava.examples.body;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link BodyRewriteScenarios} against the compiled {@code target/main.wasm}. */
class BodyRewriteWasmIT extends BodyRewriteScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
    }
}
