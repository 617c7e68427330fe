package io.wasmjava.core.runtime;

import io.wasmjava.core.SharedQueue;

/**
 * The listeners of the shared queues a plugin registered, by queue token. Made on the first registration, so a
 * module whose plugin registers none links none of this: {@code proxy_on_queue_ready} then reaches an interface call
 * with no implementation.
 */
interface QueueListeners {
    /** Makes {@code listener} the one told about {@code queue}, replacing an earlier one. */
    void put(SharedQueue queue, SharedQueue.Listener listener);

    /** Tells the listener of queue {@code queueId}, if any, with {@code rootContextId} entered. */
    void onQueueReady(int rootContextId, int queueId);

    /** The table for {@code dispatcher}'s plugin. */
    static QueueListeners create(Dispatcher dispatcher) {
        return new QueueListeners() {
            private final IntTable<SharedQueue> queues = new IntTable<>();
            private final IntTable<SharedQueue.Listener> listeners = new IntTable<>();

            @Override
            public void put(SharedQueue queue, SharedQueue.Listener listener) {
                queues.put(queue.id(), queue);
                listeners.put(queue.id(), listener);
            }

            @Override
            public void onQueueReady(int rootContextId, int queueId) {
                SharedQueue.Listener listener = listeners.get(queueId);
                if (listener == null) {
                    return;
                }
                int previous = dispatcher.enter(rootContextId);
                try {
                    listener.onQueueReady(queues.get(queueId));
                } catch (Throwable e) {
                    dispatcher.logUncaught("proxy_on_queue_ready", e);
                } finally {
                    dispatcher.exit(previous);
                }
            }
        };
    }
}
