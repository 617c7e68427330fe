package io.wasmjava.host;

import io.wasmjava.core.host.MetricType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide stats that plugins' metrics land in, as Envoy's stats store is: one stat per type and name, shared
 * by every VM that defines the name (worker VMs share their base VM's stats scope; higress-group/envoy
 * {@code source/extensions/common/wasm/wasm.cc} {@code Wasm::Wasm(base_wasm_handle, ...)}), kept when a VM is replaced.
 * Each {@link HostEmulator} has its own metric ids ({@code proxy_define_metric} is per VM) that point here; hosts made
 * with one {@link ProcessStores} share its store, and every other host has a store of its own.
 *
 * <p>Values are Envoy's unsigned 64-bit counters and gauges, held in a {@code long} ({@link Long#toUnsignedString}
 * shows them as Envoy does). Histograms keep a count, a sum and counts per bucket of Envoy's default bucket bounds
 * ({@link HistogramSummary#BUCKET_BOUNDS}), so memory stays fixed however many values are recorded. Thread-safe: the
 * devserver's workers update it concurrently and its admin endpoint reads it.
 */
public final class MetricStore {
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final Map<String, HistogramStat> histograms = new ConcurrentHashMap<>();

    /** The counter or gauge cell named {@code name}, created at zero; histograms use {@link #histogram}. */
    AtomicLong cell(MetricType type, String name) {
        return (type == MetricType.COUNTER ? counters : gauges).computeIfAbsent(name, n -> new AtomicLong());
    }

    HistogramStat histogram(String name) {
        return histograms.computeIfAbsent(name, n -> new HistogramStat());
    }

    /** The current values, sorted by name; later updates do not change it. */
    public MetricSnapshot snapshot() {
        Map<String, Long> counterValues = new TreeMap<>();
        counters.forEach((name, cell) -> counterValues.put(name, cell.get()));
        Map<String, Long> gaugeValues = new TreeMap<>();
        gauges.forEach((name, cell) -> gaugeValues.put(name, cell.get()));
        Map<String, HistogramSummary> histogramValues = new TreeMap<>();
        histograms.forEach((name, stat) -> histogramValues.put(name, stat.summary()));
        return new MetricSnapshot(Collections.unmodifiableMap(counterValues),
                Collections.unmodifiableMap(gaugeValues), Collections.unmodifiableMap(histogramValues));
    }

    /** One histogram's count, sum and bucket counts. */
    static final class HistogramStat {
        private long count;
        private long sum;
        private final long[] buckets = new long[HistogramSummary.BUCKET_BOUNDS.size()];

        /** Records {@code value}, an unsigned 64-bit value: one at or above 2^63 falls only in {@code +Inf}. */
        synchronized void record(long value) {
            count++;
            sum += value;
            for (int i = 0; i < buckets.length; i++) {
                if (value >= 0 && value <= HistogramSummary.BUCKET_BOUNDS.get(i)) {
                    buckets[i]++;
                    return;
                }
            }
        }

        synchronized HistogramSummary summary() {
            long[] cumulative = new long[buckets.length];
            long running = 0;
            for (int i = 0; i < buckets.length; i++) {
                running += buckets[i];
                cumulative[i] = running;
            }
            return new HistogramSummary(count, sum, List.of(box(cumulative)));
        }

        private static Long[] box(long[] values) {
            Long[] boxed = new Long[values.length];
            for (int i = 0; i < values.length; i++) {
                boxed[i] = values[i];
            }
            return boxed;
        }
    }
}
