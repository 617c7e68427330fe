package io.wasmjava.interop.phases;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link PhaseMatrixScenarios} on the JVM. */
class PhaseMatrixTest extends PhaseMatrixScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(PhaseMatrixPlugin.definition()));
    }
}
