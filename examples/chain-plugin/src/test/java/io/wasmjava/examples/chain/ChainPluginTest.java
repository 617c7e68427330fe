package io.wasmjava.examples.chain;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link ChainPluginScenarios} on the JVM. */
class ChainPluginTest extends ChainPluginScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(ChainPlugin.definition()));
    }
}
