package io.wasmjava.host;

import io.wasmjava.core.host.HostStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Envoy's shared queues for one VM id (proxy-wasm-cpp-host {@code src/shared_queue.cc}): registering a name again
 * returns the same token and keeps the data; tokens are never 0; an enqueue posts {@code proxy_on_queue_ready} to the
 * registrant, which this model keeps as pending notifications that the driver delivers
 * ({@link PluginInstance#deliverQueueReady()}), since Envoy delivers them asynchronously.
 */
final class SharedQueues {
    private final Map<String, Integer> tokens = new HashMap<>();
    private final Map<Integer, ArrayDeque<byte[]>> queues = new HashMap<>();
    private final List<Integer> ready = new ArrayList<>();

    int register(String name) {
        Integer token = tokens.get(name);
        if (token == null) {
            token = tokens.size() + 1;
            tokens.put(name, token);
            queues.put(token, new ArrayDeque<>());
        }
        return token;
    }

    /** The token, or 0: NOT_FOUND for an unknown name or another VM id ({@code ""} is this VM's). */
    int resolve(String vmId, String name) {
        Integer token = vmId.isEmpty() ? tokens.get(name) : null;
        return token == null ? 0 : token;
    }

    void enqueue(int token, byte[] data) {
        queue("proxy_enqueue_shared_queue", token).addLast(data.clone());
        ready.add(token);
    }

    /** The oldest entry, or null when the queue is empty. */
    byte[] dequeue(int token) {
        return queue("proxy_dequeue_shared_queue", token).pollFirst();
    }

    /** Takes the pending {@code proxy_on_queue_ready} notifications, in order. */
    List<Integer> takeReady() {
        List<Integer> taken = new ArrayList<>(ready);
        ready.clear();
        return taken;
    }

    private ArrayDeque<byte[]> queue(String function, int token) {
        ArrayDeque<byte[]> queue = queues.get(token);
        if (queue == null) {
            throw HostEmulator.status(function, HostStatus.NOT_FOUND);
        }
        return queue;
    }
}
