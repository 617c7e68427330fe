package io.wasmjava.examples.hello;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link HelloPluginScenarios} on the JVM. */
class HelloPluginTest extends HelloPluginScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(HelloPlugin.definition()));
    }
}
