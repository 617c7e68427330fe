package io.wasmjava.interop.metrics;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import java.nio.file.Path;

/** {@link MetricsScenarios} against the compiled {@code target/metrics.wasm}. */
class MetricsWasmIT extends MetricsScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(Path.of("target", "metrics.wasm")));
    }
}
