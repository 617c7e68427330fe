package io.wasmjava.interop.shared;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link SharedDataScenarios} on the JVM. */
class SharedDataTest extends SharedDataScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(SharedDataPlugin.definition()));
    }
}
