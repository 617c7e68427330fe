package io.wasmjava.token;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link TokenMetricsScenarios} on the JVM. */
class TokenMetricsTest extends TokenMetricsScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(TokenPlugin.definition()));
    }
}
