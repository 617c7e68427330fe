package io.wasmjava.host;

import io.wasmjava.core.host.HostStatus;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Envoy's shared queues: one process-wide store that every VM of a process registers, resolves, enqueues to and
 * dequeues from. Hosts made with the same store share it, as Envoy's worker VMs share proxy-wasm-cpp-host's
 * process-wide {@code SharedQueue}; a {@link HostEmulator} made without one gets its own.
 *
 * <p>The semantics are Envoy's (proxy-wasm-cpp-host {@code src/shared_queue.cc}):
 * <ul>
 *   <li>a queue is named by its registrant's VM id and its name; registering that pair again returns the same
 *       token, keeps the queued data and makes the latest registrant the one notified ({@code registerQueue});</li>
 *   <li>tokens come from one counter for the whole store, 1, 2, 3, ... (never 0);</li>
 *   <li>resolving an unregistered pair gives 0, which the ABI reports as NOT_FOUND ({@code resolveQueue});</li>
 *   <li>an enqueue or dequeue on an unknown token is NOT_FOUND; a dequeue from an empty queue is EMPTY;</li>
 *   <li>each enqueue tells the queue's registrant, after the store's lock is released, which in Envoy posts
 *       {@code proxy_on_queue_ready} to the registrant VM's own thread ({@code enqueue}'s
 *       {@code call_on_thread}): the registrant's callback must only hand the notification over, never call the
 *       plugin, since it runs on the enqueuing VM's thread.</li>
 * </ul>
 *
 * <p>Thread-safe: the devserver's workers share one store, as Envoy guards its own with a mutex.
 */
public final class SharedQueueStore {
    private final Map<List<String>, Integer> tokens = new HashMap<>();
    private final Map<Integer, Queue> queues = new HashMap<>();
    private int nextToken = 1;

    /** One queue: its entries, and who hears of each enqueue (the latest registrant). */
    private static final class Queue {
        final ArrayDeque<byte[]> entries = new ArrayDeque<>();
        IntConsumer registrant;
    }

    /**
     * {@code proxy_register_shared_queue}: the token of queue {@code name} of VM id {@code vmId}, made on first use.
     *
     * @param registrant told the token on every later enqueue, on the enqueuing thread; it replaces the previous
     *     registrant of the queue
     */
    public synchronized int register(String vmId, String name, IntConsumer registrant) {
        Integer token = tokens.get(List.of(vmId, name));
        if (token == null) {
            token = nextToken++;
            tokens.put(List.of(vmId, name), token);
            queues.put(token, new Queue());
        }
        queues.get(token).registrant = registrant;
        return token;
    }

    /** {@code proxy_resolve_shared_queue}: the token of queue {@code name} of VM id {@code vmId}, or 0 if none. */
    public synchronized int resolve(String vmId, String name) {
        Integer token = tokens.get(List.of(vmId, name));
        return token == null ? 0 : token;
    }

    /**
     * {@code proxy_enqueue_shared_queue}: appends a copy of {@code data}, then tells the queue's registrant.
     *
     * @throws io.wasmjava.core.host.HostStatusException NOT_FOUND for an unknown token
     */
    public void enqueue(int token, byte[] data) {
        IntConsumer registrant;
        synchronized (this) {
            Queue queue = queue("proxy_enqueue_shared_queue", token);
            queue.entries.addLast(data.clone());
            registrant = queue.registrant;
        }
        registrant.accept(token);
    }

    /**
     * {@code proxy_dequeue_shared_queue}: the oldest entry (the caller owns it), or null if the queue is empty.
     *
     * @throws io.wasmjava.core.host.HostStatusException NOT_FOUND for an unknown token
     */
    public synchronized byte[] dequeue(int token) {
        return queue("proxy_dequeue_shared_queue", token).entries.pollFirst();
    }

    private Queue queue(String function, int token) {
        Queue queue = queues.get(token);
        if (queue == null) {
            throw HostEmulator.status(function, HostStatus.NOT_FOUND);
        }
        return queue;
    }
}
