package io.wasmjava.token;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link TokenSharedCacheScenarios} on the JVM. */
class TokenSharedCacheTest extends TokenSharedCacheScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(TokenPlugin.definition()));
    }
}
