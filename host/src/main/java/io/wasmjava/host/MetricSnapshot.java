package io.wasmjava.host;

import java.util.Map;

/**
 * The metric values of a {@link MetricStore} at one moment, by the name the plugin defined (without Envoy's
 * {@code wasmcustom.} prefix), sorted by name. Counters and gauges are Envoy's unsigned 64-bit values held in a
 * {@code long}.
 *
 * @param counters counter values
 * @param gauges gauge values
 * @param histograms histogram summaries
 */
public record MetricSnapshot(Map<String, Long> counters, Map<String, Long> gauges,
        Map<String, HistogramSummary> histograms) {
    /** A counter's value, or null if no VM defined it. */
    public Long counter(String name) {
        return counters.get(name);
    }

    /** A gauge's value, or null if no VM defined it. */
    public Long gauge(String name) {
        return gauges.get(name);
    }

    /** A histogram's summary, or null if no VM defined it. */
    public HistogramSummary histogram(String name) {
        return histograms.get(name);
    }
}
