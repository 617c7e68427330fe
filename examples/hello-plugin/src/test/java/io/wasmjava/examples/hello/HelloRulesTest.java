package io.wasmjava.examples.hello;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link HelloRulesScenarios} on the JVM. */
class HelloRulesTest extends HelloRulesScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(HelloPlugin.definition()));
    }
}
