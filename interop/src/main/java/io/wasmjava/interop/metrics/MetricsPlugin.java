package io.wasmjava.interop.metrics;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.metrics.Counter;
import io.wasmjava.core.metrics.Gauge;
import io.wasmjava.core.metrics.Histogram;
import io.wasmjava.core.metrics.MetricName;
import io.wasmjava.core.metrics.Metrics;

/**
 * Exercises the metrics API. Its configuration parser defines counter {@value #REQUESTS}, gauge {@value #LEVEL} and
 * histogram {@value #SIZES}; every request increments {@value #REQUESTS} and reports its value in request header
 * {@code x-requests}. Request headers ask for more:
 * <ul>
 *   <li>{@code x-add: n} adds {@code n} to counter {@value #ADDED} (zero and negative deltas are ignored);</li>
 *   <li>{@code x-level-set: n} sets and {@code x-level-add: n} adds to gauge {@value #LEVEL}, then the value is
 *       reported in {@code x-level};</li>
 *   <li>{@code x-record: n} records {@code n} on histogram {@value #SIZES};</li>
 *   <li>{@code x-model: m} and {@code x-consumer: c} increment Higress's AI-style counter
 *       {@code route.<route_name>.upstream.<cluster_name>.model.<m>.consumer.<c>.metric.hits}, asked for by name on
 *       every request (the VM's cache defines it once).</li>
 * </ul>
 */
public final class MetricsPlugin {
    public static final String REQUESTS = "metrics_requests";
    public static final String ADDED = "metrics_added";
    public static final String LEVEL = "metrics_level";
    public static final String SIZES = "metrics_sizes";

    private MetricsPlugin() {
    }

    /** The metrics a configuration holds, defined when it is parsed. */
    record Config(Metrics metrics, Counter requests, Gauge level, Histogram sizes) {
    }

    public static Plugin<Config> definition() {
        return Plugin.builder("metrics")
                .parseConfig((json, plugin) -> {
                    Metrics metrics = plugin.metrics();
                    return new Config(metrics, metrics.counter(REQUESTS), metrics.gauge(LEVEL),
                            metrics.histogram(SIZES));
                })
                .onRequestHeaders(MetricsPlugin::requestHeaders)
                .build();
    }

    private static HeaderStatus requestHeaders(HttpContext http, Config config) {
        config.requests().increment();
        http.addRequestHeader("x-requests", Long.toString(config.requests().value()));
        String add = http.requestHeader("x-add");
        if (add != null) {
            config.metrics().counter(ADDED).add(Long.parseLong(add));
        }
        String set = http.requestHeader("x-level-set");
        if (set != null) {
            config.level().set(Long.parseLong(set));
        }
        String levelAdd = http.requestHeader("x-level-add");
        if (levelAdd != null) {
            config.level().add(Long.parseLong(levelAdd));
        }
        if (set != null || levelAdd != null) {
            http.addRequestHeader("x-level", Long.toString(config.level().value()));
        }
        String record = http.requestHeader("x-record");
        if (record != null) {
            config.sizes().record(Long.parseLong(record));
        }
        String model = http.requestHeader("x-model");
        if (model != null) {
            config.metrics().counter(MetricName.higressAi(http.propertyString("route_name"),
                    http.propertyString("cluster_name"), model, http.requestHeader("x-consumer"), "hits")).increment();
        }
        return HeaderStatus.CONTINUE;
    }
}
