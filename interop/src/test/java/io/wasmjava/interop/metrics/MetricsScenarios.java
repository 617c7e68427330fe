package io.wasmjava.interop.metrics;

import static io.wasmjava.testkit.MetricsAssert.assertThatMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.host.MetricType;
import io.wasmjava.host.HistogramSummary;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.MetricStore;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metrics API through {@link MetricsPlugin}, run on the JVM and on the compiled module. */
abstract class MetricsScenarios extends PluginScenarios {
    private static Headers request(String... extra) {
        List<String> pairs = new ArrayList<>(List.of(":method", "GET", ":path", "/", ":scheme", "http",
                ":authority", "example.com"));
        pairs.addAll(List.of(extra));
        return Headers.of(pairs.toArray(new String[0]));
    }

    private static Headers send(PluginHarness harness, String... extra) {
        HttpStream stream = harness.newStream();
        stream.requestHeaders(request(extra), true);
        stream.complete();
        return stream.requestHeaders();
    }

    /** Sends one request per value, each with {@code header: value}. */
    private static void sendEach(PluginHarness harness, String header, String... values) {
        for (String value : values) {
            send(harness, header, value);
        }
    }

    /** A started VM with the config {@code {}} whose metrics live in {@code store}. */
    private PluginHarness startOn(MetricStore store) {
        return start(harness().config("{}").metricStore(store));
    }

    @Test
    void countsRequestsAndReadsTheCounterBack() {
        PluginHarness harness = start("{}");

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seen.add(send(harness).value("x-requests"));
        }

        assertThat(seen).containsExactly("1", "2", "3");
        assertThatMetrics(harness).hasCountersExactly(Map.of(MetricsPlugin.REQUESTS, 3L));
    }

    @Test
    void dropsZeroAndNegativeCounterDeltasWithoutAHostFailure() {
        PluginHarness harness = start("{}");

        sendEach(harness, "x-add", "0", "-5", "7");

        assertThatMetrics(harness).hasCounter(MetricsPlugin.ADDED, 7);
        assertThat(harness.logs(LogLevel.WARN)).isEmpty();
        assertThat(harness.logs(LogLevel.CRITICAL)).isEmpty();
    }

    @Test
    void setsAndAddsToAGauge() {
        PluginHarness harness = start("{}");

        Headers first = send(harness, "x-level-set", "5");
        Headers second = send(harness, "x-level-add", "-3");

        assertThat(List.of(first.value("x-level"), second.value("x-level"))).containsExactly("5", "2");
        assertThatMetrics(harness).hasGauge(MetricsPlugin.LEVEL, 2);
    }

    @Test
    void recordsHistogramValuesAndIgnoresNegativeOnes() {
        PluginHarness harness = start("{}");

        sendEach(harness, "x-record", "40", "-1", "5000");

        assertThat(harness.host().histogramValues(MetricsPlugin.SIZES)).containsExactly(40L, 5000L);
        HistogramSummary summary = harness.metrics().histogram(MetricsPlugin.SIZES);
        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.sum()).isEqualTo(5040);
        // le 25: 0, le 50: 1, ..., le 5000: 2 (Envoy's default bounds).
        assertThat(summary.cumulativeBucketCounts()).containsExactly(0L, 0L, 0L, 0L, 0L, 1L, 1L, 1L, 1L, 1L, 1L, 2L,
                2L, 2L, 2L, 2L, 2L, 2L, 2L);
    }

    @Test
    void namesAHigressAiCounterFromTheRouteAndClusterAndDefinesItOncePerVm() {
        PluginHarness harness = start("{}");

        for (int i = 0; i < 3; i++) {
            send(harness, "x-model", "qwen-turbo");
        }

        assertThatMetrics(harness).hasCounter("route.test-route-default.upstream.test-cluster-default.model."
                + "qwen-turbo.consumer.none.metric.hits", 3);
        // The plugin defined two counters (requests, the AI one) once each: the next counter id is the third, 12.
        assertThat(harness.host().defineMetric(MetricType.COUNTER, "probe")).isEqualTo(12);
    }

    @Test
    void vmsSharingAStoreAddUpAsEnvoyWorkersDo() {
        MetricStore store = new MetricStore();
        PluginHarness first = startOn(store);
        PluginHarness second = startOn(store);

        send(first);
        Headers secondSees = send(second);
        send(first, "x-level-add", "4");
        send(second, "x-level-add", "3");

        assertThat(secondSees.value("x-requests")).isEqualTo("2");
        assertThatMetrics(store.snapshot()).hasCounter(MetricsPlugin.REQUESTS, 4).hasGauge(MetricsPlugin.LEVEL, 7);
    }

    @Test
    void aReplacedVmKeepsCountingOnTheSameStat() {
        MetricStore store = new MetricStore();
        PluginHarness old = startOn(store);
        send(old);
        send(old);
        old.close();

        PluginHarness replacement = startOn(store);
        Headers seen = send(replacement);

        assertThat(seen.value("x-requests")).isEqualTo("3");
    }
}
