package io.wasmjava.core.metrics;

/**
 * A gauge: a value that goes up and down (Prometheus type {@code gauge}), such as a state or a level. Get one from
 * {@link Metrics#gauge}. Updates never throw (see {@link Metrics}). Envoy keeps gauges as unsigned 64-bit values and
 * adds the updates of every VM of the process ({@code ImportMode::Accumulate}); a gauge taken below zero wraps around
 * in Envoy, so keep the ones that several VMs update from crossing zero, or {@link #set} them.
 */
public final class Gauge extends Metric {
    Gauge(Metrics metrics, String name, int id) {
        super(metrics, name, id);
    }

    /** Sets the value ({@code proxy_record_metric}). */
    public void set(long value) {
        update(true, value);
    }

    /** Adds {@code delta}, which may be negative ({@code proxy_increment_metric}); zero makes no host call. */
    public void add(long delta) {
        if (delta != 0) {
            update(false, delta);
        }
    }

    /**
     * The gauge's value.
     *
     * @throws IllegalStateException if the host never defined the gauge (logged at WARN when it was asked for)
     * @throws io.wasmjava.core.host.HostStatusException if the host refuses the read
     */
    public long value() {
        return hostValue();
    }
}
