package io.wasmjava.host;

import java.util.List;

/**
 * What a histogram holds: how many values were recorded, their sum, and for each of Envoy's default bucket bounds how
 * many values were at most that bound (cumulative, as Prometheus's {@code le} buckets).
 *
 * @param count values recorded
 * @param sum their sum
 * @param cumulativeBucketCounts one count per {@link #BUCKET_BOUNDS} entry
 */
public record HistogramSummary(long count, long sum, List<Long> cumulativeBucketCounts) {
    /**
     * Envoy's default histogram bucket bounds (envoyproxy/envoy {@code source/common/stats/histogram_impl.cc}
     * {@code HistogramSettingsImpl::defaultBuckets}); a value above the last falls only in {@code +Inf}.
     */
    public static final List<Double> BUCKET_BOUNDS = List.of(0.5, 1.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0,
            1000.0, 2500.0, 5000.0, 10000.0, 30000.0, 60000.0, 300000.0, 600000.0, 1800000.0, 3600000.0);
}
