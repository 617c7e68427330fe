package io.wasmjava.token;

import static io.wasmjava.testkit.MetricsAssert.assertThatMetrics;
import static io.wasmjava.token.TokenPluginScenarios.JSON_SOURCE;
import static io.wasmjava.token.TokenPluginScenarios.answerJson;
import static io.wasmjava.token.TokenPluginScenarios.onlyCall;
import static io.wasmjava.token.TokenPluginScenarios.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The token plugin's metrics ({@link TokenMetrics}) through a known sequence of requests and fetches, written once:
 * {@link TokenMetricsTest} on the JVM, {@link TokenMetricsWasmIT} on the compiled module.
 */
abstract class TokenMetricsScenarios extends PluginScenarios {
    @Test
    void countsHitsMissesFetchesAndFailuresAndRecordsFetchLatency() {
        PluginHarness harness = start(JSON_SOURCE);
        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        harness.advanceTime(120);
        answerJson(onlyCall(harness), "t-1", 60);
        request(harness, HeaderStatus.CONTINUE);
        request(harness, HeaderStatus.CONTINUE);

        harness.advanceTime(61_000);
        request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        harness.advanceTime(300);
        onlyCall(harness).reset();

        assertThatMetrics(harness)
                .hasCountersExactly(Map.of(TokenMetrics.CACHE_HITS, 2L, TokenMetrics.CACHE_MISSES, 2L,
                        TokenMetrics.FETCHES, 2L, TokenMetrics.FETCH_FAILURES, 1L))
                .hasHistogramCount(TokenMetrics.FETCH_MILLIS, 2);
        assertThat(harness.host().histogramValues(TokenMetrics.FETCH_MILLIS)).containsExactly(120L, 300L);
    }
}
