package io.wasmjava.core.metrics;

import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.core.host.MetricType;

/** One defined metric: its host id and the once-per-metric report of a refused update. */
final class Metric {
    /** The id of a metric the host did not define: updates are dropped without a host call. */
    static final int DROPPED = -1;

    private final Metrics metrics;
    final MetricType type;
    final String name;
    final int id;
    private boolean failureLogged;

    Metric(Metrics metrics, MetricType type, String name, int id) {
        this.metrics = metrics;
        this.type = type;
        this.name = name;
        this.id = id;
    }

    void increment(long delta) {
        if (id == DROPPED) {
            return;
        }
        try {
            metrics.host().incrementMetric(id, delta);
        } catch (HostStatusException e) {
            failed(e);
        }
    }

    void record(long value) {
        if (id == DROPPED) {
            return;
        }
        try {
            metrics.host().recordMetric(id, value);
        } catch (HostStatusException e) {
            failed(e);
        }
    }

    /**
     * The host's value.
     *
     * @throws IllegalStateException if the metric was never defined
     * @throws HostStatusException if the host refuses the read
     */
    long value() {
        if (id == DROPPED) {
            throw new IllegalStateException("metric " + name + " was not defined; see the WARN log");
        }
        return metrics.host().metric(id);
    }

    private void failed(HostStatusException e) {
        if (!failureLogged) {
            failureLogged = true;
            metrics.log().warn("metric " + name + " update refused (" + e.getMessage()
                    + "); this and later refused updates are dropped");
        }
    }
}
