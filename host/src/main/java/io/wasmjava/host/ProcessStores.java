package io.wasmjava.host;

import java.util.Objects;

/**
 * What the VMs of one Envoy process share: shared data, shared queues and the stats store. Hosts made with one
 * instance are VMs of one process, as a gateway's workers are (and on Higress every plugin, which sets no
 * {@code vm_id}); {@link #ProcessStores()} is a process of its own.
 *
 * @param sharedData the key-value store behind {@code proxy_get_shared_data} and {@code proxy_set_shared_data}
 * @param sharedQueues the queues behind {@code proxy_register_shared_queue} and the calls on a queue
 * @param metrics the store the VMs' metrics land in, where they add up as Envoy's worker VMs' do
 */
public record ProcessStores(SharedDataStore sharedData, SharedQueueStore sharedQueues, MetricStore metrics) {
    /**
     * @throws NullPointerException if a store is null
     */
    public ProcessStores {
        Objects.requireNonNull(sharedData, "sharedData");
        Objects.requireNonNull(sharedQueues, "sharedQueues");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** Empty stores: a process of its own. */
    public ProcessStores() {
        this(new SharedDataStore(), new SharedQueueStore(), new MetricStore());
    }
}
