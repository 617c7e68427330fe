package io.wasmjava.token;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link TokenServiceScenarios} on the JVM. */
class TokenServiceTest extends TokenServiceScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(TokenPlugin.definition()));
    }
}
