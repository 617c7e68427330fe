package io.wasmjava.interop.attrs;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import java.nio.file.Path;

/** {@link AttrsScenarios} against the compiled {@code target/attrs.wasm}. */
class AttrsWasmIT extends AttrsScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Path.of("target", "attrs.wasm")));
    }
}
