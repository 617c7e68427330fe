package io.wasmjava.ratelimit;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link RateLimitHostileScenarios} on the JVM. */
class RateLimitHostileTest extends RateLimitHostileScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(RateLimitPlugin.definition()));
    }
}
