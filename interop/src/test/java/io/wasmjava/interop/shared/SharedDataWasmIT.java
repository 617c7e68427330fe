package io.wasmjava.interop.shared;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import java.nio.file.Path;

/** {@link SharedDataScenarios} against the compiled {@code target/shared-data.wasm}. */
class SharedDataWasmIT extends SharedDataScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Path.of("target", "shared-data.wasm")));
    }
}
