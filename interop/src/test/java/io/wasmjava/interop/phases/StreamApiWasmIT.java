package io.wasmjava.interop.phases;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import java.nio.file.Path;

/** {@link StreamApiScenarios} against the compiled {@code target/phase-matrix.wasm}. */
class StreamApiWasmIT extends StreamApiScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Path.of("target", "phase-matrix.wasm")));
    }
}
