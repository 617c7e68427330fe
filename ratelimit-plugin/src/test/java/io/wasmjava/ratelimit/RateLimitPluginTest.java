package io.wasmjava.ratelimit;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link RateLimitScenarios} on the JVM. */
class RateLimitPluginTest extends RateLimitScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(RateLimitPlugin.definition()));
    }
}
