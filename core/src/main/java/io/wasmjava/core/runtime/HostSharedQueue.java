package io.wasmjava.core.runtime;

import io.wasmjava.core.SharedQueue;
import io.wasmjava.core.host.Host;

/** A {@link SharedQueue} over the host's queue calls. */
final class HostSharedQueue implements SharedQueue {
    private final Host host;
    private final int id;

    HostSharedQueue(Host host, int id) {
        this.host = host;
        this.id = id;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public boolean enqueue(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        return host.enqueueSharedQueue(id, data);
    }

    @Override
    public byte[] dequeue() {
        return host.dequeueSharedQueue(id);
    }

    @Override
    public String toString() {
        return "SharedQueue{" + id + "}";
    }
}
