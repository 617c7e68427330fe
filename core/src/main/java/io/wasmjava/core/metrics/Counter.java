package io.wasmjava.core.metrics;

/**
 * A counter: a value that only goes up, shown by Envoy as a counter (Prometheus type {@code counter}). Get one from
 * {@link Metrics#counter}. Updates never throw (see {@link Metrics}).
 */
public final class Counter extends Metric {
    Counter(Metrics metrics, String name, int id) {
        super(metrics, name, id);
    }

    /** Adds 1. */
    public void increment() {
        update(false, 1);
    }

    /**
     * Adds {@code delta}; a zero or negative delta is ignored, without a host call. Envoy refuses a counter increment
     * that is not positive with {@code BAD_ARGUMENT} ({@code Context::incrementMetric}), where Higress's Go SDK would
     * panic, and Higress's own plugins skip a zero delta (ai-statistics {@code main.go} {@code incrementCounter}).
     */
    public void add(long delta) {
        if (delta > 0) {
            update(false, delta);
        }
    }

    /**
     * The counter's value, summed over every VM of the process that updates this name.
     *
     * @throws IllegalStateException if the host never defined the counter (logged at WARN when it was asked for)
     * @throws io.wasmjava.core.host.HostStatusException if the host refuses the read
     */
    public long value() {
        return hostValue();
    }
}
