package io.wasmjava.interop.metrics;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link MetricsScenarios} on the JVM. */
class MetricsTest extends MetricsScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(MetricsPlugin.definition()));
    }
}
