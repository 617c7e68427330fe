package io.wasmjava.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One VM's side of the shared queues ({@link SharedQueueStore}, possibly shared with other VMs): it registers under
 * the VM's id, resolves {@code ""} to it, and keeps the {@code proxy_on_queue_ready} notifications posted to this VM
 * until its driver delivers them ({@link PluginInstance#deliverQueueReady()}), since Envoy delivers them
 * asynchronously, on the registrant's own thread.
 *
 * <p>Notifications may be posted from any thread (another VM's enqueue); the rest runs on the VM's thread.
 */
final class SharedQueues {
    /** The VM id of every VM here: Higress configures none, so all its plugins share the {@code ""} namespace. */
    static final String VM_ID = "";

    private final SharedQueueStore store;
    private final List<Integer> ready = new ArrayList<>();
    private Runnable listener = () -> { };

    SharedQueues(SharedQueueStore store) {
        this.store = Objects.requireNonNull(store, "sharedQueues");
    }

    synchronized void setListener(Runnable listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    int register(String name) {
        return store.register(VM_ID, name, this::post);
    }

    /** The token, or 0: NOT_FOUND for an unknown name or VM id ({@code ""} is this VM's). */
    int resolve(String vmId, String name) {
        return store.resolve(vmId, name);
    }

    void enqueue(int token, byte[] data) {
        store.enqueue(token, data);
    }

    /** The oldest entry, or null when the queue is empty. */
    byte[] dequeue(int token) {
        return store.dequeue(token);
    }

    /** Takes the pending {@code proxy_on_queue_ready} notifications, in order. */
    synchronized List<Integer> takeReady() {
        List<Integer> taken = new ArrayList<>(ready);
        ready.clear();
        return taken;
    }

    /** Called by the store, on the enqueuing thread: keeps the notification and tells the VM's owner. */
    private void post(int token) {
        Runnable notify;
        synchronized (this) {
            ready.add(token);
            notify = listener;
        }
        notify.run();
    }
}
