package io.wasmjava.ratelimit;

import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link RateLimitRedisFailureScenarios} on the JVM. */
class RateLimitRedisFailureTest extends RateLimitRedisFailureScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(RateLimitPlugin.definition()));
    }
}
