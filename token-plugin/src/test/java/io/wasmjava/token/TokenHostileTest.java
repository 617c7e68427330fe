package io.wasmjava.token;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link TokenHostileScenarios} on the JVM. */
class TokenHostileTest extends TokenHostileScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(TokenPlugin.definition()));
    }
}
