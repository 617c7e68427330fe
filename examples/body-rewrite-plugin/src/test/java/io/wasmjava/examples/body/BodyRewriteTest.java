package io.wasmjava.examples.body;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link BodyRewriteScenarios} on the JVM. */
class BodyRewriteTest extends BodyRewriteScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(BodyRewritePlugin.definition()));
    }
}
