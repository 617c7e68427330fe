package io.wasmjava.ratelimit;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link RateLimitMetricsScenarios} on the JVM. */
class RateLimitMetricsTest extends RateLimitMetricsScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(RateLimitPlugin.definition()));
    }
}
