package io.wasmjava.ratelimit;

import static io.wasmjava.ratelimit.RateLimitScenarios.REQUEST;
import static io.wasmjava.ratelimit.RateLimitScenarios.global;
import static io.wasmjava.ratelimit.RateLimitScenarios.sendFailing;
import static io.wasmjava.testkit.MetricsAssert.assertThatMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rate limiter's metrics ({@link RateLimitMetrics}) through a known sequence of requests, written once:
 * {@link RateLimitMetricsTest} on the JVM, {@link RateLimitMetricsWasmIT} on the compiled module.
 */
abstract class RateLimitMetricsScenarios extends PluginScenarios {
    @Test
    void countsAllowedRejectedRedisFailuresAndSkipsAndFollowsTheBreaker() {
        PluginHarness harness = start(global(2, "'circuit_breaker': {'failures': 1, 'open_seconds': 5}"));
        FakeRedis redis = new FakeRedis(harness);
        List<String> outcomes = redis.outcomesOf(3, REQUEST);
        sendFailing(harness, REQUEST);
        harness.newStream().requestHeaders(REQUEST, true);
        long openWhileSkipping = harness.metrics().gauge(RateLimitMetrics.BREAKER_OPEN);

        harness.advanceTime(5_000);
        redis.sendAndAnswer(REQUEST);

        assertThat(outcomes).containsExactly("allowed", "allowed", "answered 429");
        assertThat(openWhileSkipping).isEqualTo(1);
        assertThatMetrics(harness)
                .hasCountersExactly(Map.of(RateLimitMetrics.ALLOWED, 2L, RateLimitMetrics.REJECTED, 2L,
                        RateLimitMetrics.REDIS_FAILURES, 1L, RateLimitMetrics.BREAKER_SKIPS, 1L))
                .hasGauge(RateLimitMetrics.BREAKER_OPEN, 0);
    }
}
