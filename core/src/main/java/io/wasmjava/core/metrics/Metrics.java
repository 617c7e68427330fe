package io.wasmjava.core.metrics;

import io.wasmjava.core.Log;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.core.host.MetricType;
import java.util.HashMap;

/**
 * The metrics of one VM, from {@link io.wasmjava.core.PluginContext#metrics()}: a counter, gauge or histogram per
 * name, defined with the host on first use and cached here, so each name is defined once per VM.
 *
 * <p>Why the cache: Envoy gives a new id for every {@code proxy_define_metric}, even for a name it already has, and
 * keeps every id for the VM's life (proxy-wasm-cpp-host {@code include/proxy-wasm/wasm.h} {@code nextCounterMetricId};
 * Envoy {@code source/extensions/common/wasm/context.cc} {@code Context::defineMetric}); defining per request would grow
 * the VM's id tables without bound. All ids of one name reach the same Envoy stat, which every worker VM of the
 * process shares, so values add up across workers; Envoy keeps them across VM rebuilds, until the process restarts.
 *
 * <p>Where a metric shows: the host stores {@code name} under the {@code wasmcustom} namespace, so {@code /stats}
 * lists {@code wasmcustom.<name>} and Prometheus output strips the namespace and replaces every character outside
 * {@code [a-zA-Z0-9_]} with {@code _} (see the README's "Metrics" section; {@link MetricName} builds tagged names).
 *
 * <p>Metrics never fail a request: a name the host refuses to define (a host without metrics) becomes a metric whose
 * updates are dropped, and an update the host refuses is dropped; either is logged once per metric at WARN. The
 * cache is bounded: after {@value #MAX_METRICS} names (for example, names tagged with a value a client controls) new
 * names get a dropping metric, logged once. Single-threaded, like the VM.
 */
public final class Metrics {
    /** How many distinct names one VM defines at most; later names get a metric that drops its updates. */
    public static final int MAX_METRICS = 10_000;

    private final Host host;
    private final Log log;
    private final HashMap<String, Counter> counters = new HashMap<>();
    private final HashMap<String, Gauge> gauges = new HashMap<>();
    private final HashMap<String, Histogram> histograms = new HashMap<>();
    private boolean overflowLogged;

    /**
     * The metrics of the VM whose host is {@code host}; the runtime makes one per VM, plugins use
     * {@link io.wasmjava.core.PluginContext#metrics()}.
     */
    public static Metrics create(Host host, Log log) {
        return new Metrics(host, log);
    }

    private Metrics(Host host, Log log) {
        if (host == null || log == null) {
            throw new IllegalArgumentException("host and log must not be null");
        }
        this.host = host;
        this.log = log;
    }

    /**
     * The counter {@code name}, defined with the host the first time it is asked for.
     *
     * @throws IllegalArgumentException if {@code name} is null or empty
     */
    public Counter counter(String name) {
        return metric(counters, MetricType.COUNTER, name, Counter::new);
    }

    /**
     * The gauge {@code name}, defined with the host the first time it is asked for.
     *
     * @throws IllegalArgumentException if {@code name} is null or empty
     */
    public Gauge gauge(String name) {
        return metric(gauges, MetricType.GAUGE, name, Gauge::new);
    }

    /**
     * The histogram {@code name}, defined with the host the first time it is asked for.
     *
     * @throws IllegalArgumentException if {@code name} is null or empty
     */
    public Histogram histogram(String name) {
        return metric(histograms, MetricType.HISTOGRAM, name, Histogram::new);
    }

    /** Makes one type of metric object from the host's id. */
    private interface Factory<M extends Metric> {
        M create(Metrics metrics, String name, int id);
    }

    private <M extends Metric> M metric(HashMap<String, M> cache, MetricType type, String name, Factory<M> factory) {
        M metric = cache.get(checked(name));
        if (metric != null) {
            return metric;
        }
        if (counters.size() + gauges.size() + histograms.size() >= MAX_METRICS) {
            // Not cached: past the cap, names must not grow the VM.
            if (!overflowLogged) {
                overflowLogged = true;
                log.warn("metric " + name + " not defined: this VM already has " + MAX_METRICS
                        + " metrics; updates of further names are dropped");
            }
            return factory.create(this, name, Metric.DROPPED);
        }
        metric = factory.create(this, name, define(type, name));
        cache.put(name, metric);
        return metric;
    }

    private static String checked(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("metric name must not be empty");
        }
        return name;
    }

    /** The host's id, or {@link Metric#DROPPED} when the host refuses (logged). */
    private int define(MetricType type, String name) {
        try {
            return host.defineMetric(type, name);
        } catch (HostStatusException e) {
            log.warn("metric " + name + " not defined (" + e.getMessage() + "); its updates are dropped");
            return Metric.DROPPED;
        }
    }

    Host host() {
        return host;
    }

    Log log() {
        return log;
    }
}
