package io.wasmjava.testkit;

import io.wasmjava.host.HistogramSummary;
import io.wasmjava.host.MetricSnapshot;
import io.wasmjava.host.PluginInstance;
import java.util.Map;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a plugin's metrics, by the names the plugin defined them with (what the gateway's
 * {@code /stats} shows after {@code wasmcustom.}). Works the same in JVM and wasm mode, since both land in the same
 * emulated stats store:
 *
 * <pre>{@code
 * assertThatMetrics(harness)
 *         .hasCounter("ratelimit_allowed", 2)
 *         .hasGauge("ratelimit_breaker_open", 0)
 *         .hasHistogramCount("token_fetch_millis", 1);
 * }</pre>
 *
 * <p>Values are read once, when the assertion starts; read again after more requests with a new
 * {@code assertThatMetrics}.
 */
public final class MetricsAssert extends AbstractAssert<MetricsAssert, MetricSnapshot> {
    private MetricsAssert(MetricSnapshot actual) {
        super(actual, MetricsAssert.class);
    }

    /** Assertions on the metrics of {@code instance} (and every VM sharing its store) now. */
    public static MetricsAssert assertThatMetrics(PluginInstance instance) {
        return new MetricsAssert(instance.metrics());
    }

    /** Assertions on {@code snapshot}. */
    public static MetricsAssert assertThatMetrics(MetricSnapshot snapshot) {
        return new MetricsAssert(snapshot);
    }

    /** The counter {@code name} is defined and is {@code value}. */
    public MetricsAssert hasCounter(String name, long value) {
        return hasValue("counter", actual == null ? null : actual.counters(), name, value);
    }

    /** The gauge {@code name} is defined and is {@code value}. */
    public MetricsAssert hasGauge(String name, long value) {
        return hasValue("gauge", actual == null ? null : actual.gauges(), name, value);
    }

    private MetricsAssert hasValue(String kind, Map<String, Long> values, String name, long value) {
        isNotNull();
        Long actualValue = values.get(name);
        if (actualValue == null || actualValue != value) {
            failWithMessage("expected %s %s to be %s but was %s; %ss: %s", kind, name, value,
                    actualValue == null ? "undefined" : actualValue, kind, values);
        }
        return this;
    }

    /** The histogram {@code name} is defined and has {@code count} recorded values. */
    public MetricsAssert hasHistogramCount(String name, long count) {
        isNotNull();
        HistogramSummary summary = actual.histogram(name);
        if (summary == null || summary.count() != count) {
            failWithMessage("expected histogram %s to have %s values but had %s; histograms: %s", name, count,
                    summary == null ? "undefined" : summary.count(), actual.histograms().keySet());
        }
        return this;
    }

    /** Exactly these counters are defined, with these values (a whole-value check). */
    public MetricsAssert hasCountersExactly(Map<String, Long> counters) {
        isNotNull();
        if (!actual.counters().equals(counters)) {
            failWithMessage("expected counters %s but were %s", counters, actual.counters());
        }
        return this;
    }

    /** No metric of any type is defined under {@code name}. */
    public MetricsAssert hasNoMetric(String name) {
        isNotNull();
        if (actual.counter(name) != null || actual.gauge(name) != null || actual.histogram(name) != null) {
            failWithMessage("expected no metric %s but found one; %s", name, actual);
        }
        return this;
    }
}
