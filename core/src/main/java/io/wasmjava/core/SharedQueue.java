package io.wasmjava.core;

/**
 * A proxy-wasm shared queue: a FIFO of byte arrays that the host keeps for all VMs with the same VM id (all worker
 * threads of a gateway; in Higress every plugin, since it sets no VM id). One VM registers it by name
 * ({@link PluginContext#registerSharedQueue}) and is told when data arrives; any VM resolves it by name
 * ({@link PluginContext#resolveSharedQueue}) and enqueues. Semantics are the host's (proxy-wasm-cpp-host
 * {@code src/shared_queue.cc}): the queue outlives the VM that registered it while any VM of its VM id lives.
 */
public interface SharedQueue {
    /** The host's token for the queue (never 0). */
    int id();

    /**
     * Appends {@code data}; the host then calls the registrant's listener asynchronously (on its own thread, after
     * the current callback).
     *
     * @return false if the queue does not exist (any more)
     * @throws IllegalArgumentException if {@code data} is null
     */
    boolean enqueue(byte[] data);

    /** Takes the oldest entry off the queue, or returns null if it is empty or does not exist (any more). */
    byte[] dequeue();

    /** Told that a queue this plugin registered has data ({@code proxy_on_queue_ready}). */
    @FunctionalInterface
    interface Listener {
        /** Dequeue until {@code dequeue()} returns null: one call may stand for several entries. */
        void onQueueReady(SharedQueue queue);
    }
}
