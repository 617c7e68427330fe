package com.example.myplugin;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link MyPluginScenarios} on the JVM (surefire, {@code mvn test}). */
class MyPluginTest extends MyPluginScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(MyPlugin.definition()));
    }
}
