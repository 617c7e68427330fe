package io.wasmjava.core.metrics;

import io.wasmjava.core.host.HostStatusException;

/**
 * What {@link Counter}, {@link Gauge} and {@link Histogram} share: the name, the host id, and the once-per-metric
 * report of a refused update. Only this package makes them.
 */
public abstract class Metric {
    /** The id of a metric the host did not define: updates are dropped without a host call. */
    static final int DROPPED = -1;

    private final Metrics metrics;
    private final String name;
    private final int id;
    private boolean failureLogged;

    Metric(Metrics metrics, String name, int id) {
        this.metrics = metrics;
        this.name = name;
        this.id = id;
    }

    /** The name the metric was defined with (without Envoy's {@code wasmcustom.} prefix). */
    public final String name() {
        return name;
    }

    /** {@code proxy_increment_metric} with {@code delta}, or with {@code record} {@code proxy_record_metric}. */
    final void update(boolean record, long value) {
        if (id == DROPPED) {
            return;
        }
        try {
            if (record) {
                metrics.host().recordMetric(id, value);
            } else {
                metrics.host().incrementMetric(id, value);
            }
        } catch (HostStatusException e) {
            if (!failureLogged) {
                failureLogged = true;
                metrics.log().warn("metric " + name + " update refused (" + e.getMessage()
                        + "); this and later refused updates are dropped");
            }
        }
    }

    /**
     * The host's value.
     *
     * @throws IllegalStateException if the metric was never defined
     * @throws HostStatusException if the host refuses the read
     */
    final long hostValue() {
        if (id == DROPPED) {
            throw new IllegalStateException("metric " + name + " was not defined; see the WARN log");
        }
        return metrics.host().metric(id);
    }
}
