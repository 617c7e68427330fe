package io.wasmjava.interop.phases;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link StreamApiScenarios} on the JVM. */
class StreamApiTest extends StreamApiScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(PhaseMatrixPlugin.definition()));
    }
}
