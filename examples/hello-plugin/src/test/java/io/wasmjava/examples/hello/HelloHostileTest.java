package io.wasmjava.examples.hello;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link HelloHostileScenarios} on the JVM. */
class HelloHostileTest extends HelloHostileScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(HelloPlugin.definition()));
    }
}
