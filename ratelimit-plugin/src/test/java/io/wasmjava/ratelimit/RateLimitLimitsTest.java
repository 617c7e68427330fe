package io.wasmjava.ratelimit;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link RateLimitLimitsScenarios} on the JVM. */
class RateLimitLimitsTest extends RateLimitLimitsScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(RateLimitPlugin.definition()));
    }
}
