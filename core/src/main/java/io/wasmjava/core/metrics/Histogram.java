package io.wasmjava.core.metrics;

/**
 * A histogram: a distribution of recorded values, such as latencies in milliseconds (Envoy shows quantiles, Prometheus
 * output buckets, a sum and a count). Get one from {@link Metrics#histogram}. There is no way to read it back: Envoy
 * answers {@code proxy_get_metric} on a histogram with {@code BAD_ARGUMENT} ({@code Context::getMetric}). Updates
 * never throw (see {@link Metrics}).
 */
public final class Histogram extends Metric {
    Histogram(Metrics metrics, String name, int id) {
        super(metrics, name, id);
    }

    /**
     * Records {@code value}; a negative value (a clock that went back) is ignored, because the ABI carries an unsigned
     * value and Envoy would record it as a number near 2^64.
     */
    public void record(long value) {
        if (value >= 0) {
            update(true, value);
        }
    }
}
