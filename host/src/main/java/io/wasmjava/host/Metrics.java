package io.wasmjava.host;

import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.MetricType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics with Envoy's id scheme: each {@code proxy_define_metric} gives a new id whose low two bits are the type;
 * defining a name again gives a new id for the same metric.
 */
final class Metrics {
    private final Map<Integer, Metric> byId = new HashMap<>();
    private final Map<String, Metric> byName = new LinkedHashMap<>();
    private int nextSequence;

    int define(MetricType type, String name) {
        Metric metric = byName.get(name);
        if (metric == null || metric.type != type) {
            metric = new Metric(type);
            byName.put(name, metric);
        }
        int id = (nextSequence++ << 2) | type.code();
        byId.put(id, metric);
        return id;
    }

    void increment(int metricId, long offset) {
        Metric metric = existing("proxy_increment_metric", metricId);
        if (metric.type == MetricType.HISTOGRAM || (metric.type == MetricType.COUNTER && offset <= 0)) {
            throw HostEmulator.status("proxy_increment_metric", HostStatus.BAD_ARGUMENT);
        }
        metric.value += offset;
    }

    void record(int metricId, long value) {
        Metric metric = byId.get(metricId);
        if (metric == null) {
            throw HostEmulator.status("proxy_record_metric", HostStatus.NOT_FOUND);
        }
        switch (metric.type) {
            case COUNTER -> metric.value += value;
            case GAUGE -> metric.value = value;
            default -> metric.recorded.add(value);
        }
    }

    long value(int metricId) {
        Metric metric = existing("proxy_get_metric", metricId);
        if (metric.type == MetricType.HISTOGRAM) {
            throw HostEmulator.status("proxy_get_metric", HostStatus.BAD_ARGUMENT);
        }
        return metric.value;
    }

    /** The metric, or NOT_FOUND; an unknown id with a histogram's type bits is BAD_ARGUMENT, as in Envoy. */
    private Metric existing(String function, int metricId) {
        Metric metric = byId.get(metricId);
        if (metric == null) {
            throw HostEmulator.status(function, (metricId & 3) > 1 ? HostStatus.BAD_ARGUMENT : HostStatus.NOT_FOUND);
        }
        return metric;
    }

    Long valueByName(String name) {
        Metric metric = byName.get(name);
        return metric == null || metric.type == MetricType.HISTOGRAM ? null : metric.value;
    }

    List<Long> histogram(String name) {
        Metric metric = byName.get(name);
        return metric == null ? List.of() : List.copyOf(metric.recorded);
    }

    private static final class Metric {
        final MetricType type;
        long value;
        final List<Long> recorded = new ArrayList<>();

        Metric(MetricType type) {
            this.type = type;
        }
    }
}
