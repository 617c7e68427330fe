package io.wasmjava.host;

import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.MetricType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One VM's metric ids over a {@link MetricStore}, with Envoy's semantics (envoyproxy/envoy
 * {@code source/extensions/common/wasm/context.cc} {@code Context::defineMetric} to {@code Context::getMetric};
 * proxy-wasm-cpp-host {@code include/proxy-wasm/wasm.h} for the ids):
 * <ul>
 *   <li>ids count per type in steps of 4 with the type in the low two bits: counters 4, 8, ...; gauges 5, 9, ...;
 *       histograms 6, 10, ...; every define gives a new id, and ids of one name share its stat;</li>
 *   <li>increment: a counter needs a positive delta ({@code BAD_ARGUMENT} otherwise), a gauge adds or subtracts, a
 *       histogram is {@code BAD_ARGUMENT}; an unknown counter or gauge id is {@code NOT_FOUND};</li>
 *   <li>record: adds to a counter, sets a gauge, records into a histogram; any unknown id is {@code NOT_FOUND};</li>
 *   <li>get: counters and gauges; a histogram id (known or not) is {@code BAD_ARGUMENT}, an unknown counter or gauge
 *       id {@code NOT_FOUND}.</li>
 * </ul>
 */
final class Metrics {
    private static final int ID_STEP = 4;
    private static final int TYPE_MASK = 3;

    private final Map<Integer, Defined> byId = new HashMap<>();
    private final Map<String, List<Long>> recorded = new HashMap<>();
    private final boolean keepRecorded;
    private final MetricStore store;
    private final int[] lastId = {MetricType.COUNTER.code(), MetricType.GAUGE.code(), MetricType.HISTOGRAM.code()};

    /**
     * @param keepRecorded whether to keep every histogram value this VM records (tests), or only the store's summary
     * @param store where this VM's metrics land (shared by the VMs of one process)
     */
    Metrics(boolean keepRecorded, MetricStore store) {
        this.keepRecorded = keepRecorded;
        this.store = store;
    }

    MetricStore store() {
        return store;
    }

    int define(MetricType type, String name) {
        int id = lastId[type.code()] += ID_STEP;
        byId.put(id, type == MetricType.HISTOGRAM
                ? new Defined(type, name, null, store.histogram(name))
                : new Defined(type, name, store.cell(type, name), null));
        return id;
    }

    void increment(int metricId, long offset) {
        Defined metric = counterOrGauge("proxy_increment_metric", metricId);
        if (metric.type == MetricType.COUNTER && offset <= 0) {
            throw HostEmulator.status("proxy_increment_metric", HostStatus.BAD_ARGUMENT);
        }
        metric.cell.addAndGet(offset);
    }

    void record(int metricId, long value) {
        Defined metric = byId.get(metricId);
        if (metric == null) {
            throw HostEmulator.status("proxy_record_metric", HostStatus.NOT_FOUND);
        }
        switch (metric.type) {
            case COUNTER -> metric.cell.addAndGet(value);
            case GAUGE -> metric.cell.set(value);
            default -> {
                metric.histogram.record(value);
                if (keepRecorded) {
                    recorded.computeIfAbsent(metric.name, n -> new ArrayList<>()).add(value);
                }
            }
        }
    }

    long value(int metricId) {
        return counterOrGauge("proxy_get_metric", metricId).cell.get();
    }

    /**
     * The counter or gauge {@code metricId} names, for {@code function}: any other type is {@code BAD_ARGUMENT}
     * (checked on the id's type bits first, so an unknown histogram id is one too), an unknown id {@code NOT_FOUND}.
     */
    private Defined counterOrGauge(String function, int metricId) {
        int typeBits = metricId & TYPE_MASK;
        if (typeBits != MetricType.COUNTER.code() && typeBits != MetricType.GAUGE.code()) {
            throw HostEmulator.status(function, HostStatus.BAD_ARGUMENT);
        }
        Defined metric = byId.get(metricId);
        if (metric == null) {
            throw HostEmulator.status(function, HostStatus.NOT_FOUND);
        }
        return metric;
    }

    /** A counter's value by name, else a gauge's, else null. */
    Long valueByName(String name) {
        MetricSnapshot snapshot = store.snapshot();
        Long counter = snapshot.counter(name);
        return counter != null ? counter : snapshot.gauge(name);
    }

    /** The values this VM recorded on histogram {@code name}, in order (kept only for hosts that retain history). */
    List<Long> histogram(String name) {
        List<Long> values = recorded.get(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    private record Defined(MetricType type, String name, AtomicLong cell, MetricStore.HistogramStat histogram) {
    }
}
