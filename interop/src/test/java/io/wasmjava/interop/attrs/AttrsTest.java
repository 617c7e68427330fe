package io.wasmjava.interop.attrs;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link AttrsScenarios} on the JVM. */
class AttrsTest extends AttrsScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(AttrsPlugin.definition()));
    }
}
