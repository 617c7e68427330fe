package io.wasmjava.core;

import java.util.function.Predicate;

/**
 * An insertion-ordered list whose entries are removed in constant time by cancelling the {@link Registration} that
 * added them. It is how anything shared by several requests (a plugin-wide waiter list, the listeners of a promise
 * that outlives the requests waiting for it) keeps per-request entries without keeping them after their request:
 * {@link #addUntilStreamEnd} removes the entry when the request's stream ends (see {@link HttpContext#onStreamEnd}).
 * Single-threaded, like the VM.
 *
 * @param <T> the entry type; entries are not null
 */
public final class RegistrationList<T> {
    /** Sentinel of a circular doubly linked list: {@code head.next} is the first entry, {@code head.prev} the last. */
    private final Node<T> head = new Node<>(null, null);
    private int size;

    public RegistrationList() {
        head.next = head;
        head.prev = head;
    }

    /**
     * Appends {@code item}; cancelling the returned registration removes it.
     *
     * @throws IllegalArgumentException if {@code item} is null
     */
    public Registration add(T item) {
        if (item == null) {
            throw new IllegalArgumentException("item must not be null");
        }
        Node<T> node = new Node<>(this, item);
        node.prev = head.prev;
        node.next = head;
        head.prev.next = node;
        head.prev = node;
        size++;
        return node;
    }

    /**
     * Appends {@code item} until {@code request}'s stream ends: then it is removed, as if the returned registration
     * had been cancelled. Removing it earlier ({@link #poll}, {@link #removeIf}, {@link Registration#cancel}) also
     * withdraws the end-of-stream action, so nothing is left with the request either. A null {@code request} adds
     * the entry for good, like {@link #add}; a request whose stream has already ended adds nothing and returns
     * {@link Registration#NONE}.
     *
     * @throws IllegalArgumentException if {@code item} is null
     */
    public Registration addUntilStreamEnd(HttpContext request, T item) {
        if (request == null) {
            return add(item);
        }
        if (item == null) {
            throw new IllegalArgumentException("item must not be null");
        }
        if (request.isStreamEnded()) {
            return Registration.NONE;
        }
        Node<T> node = (Node<T>) add(item);
        node.untilEnd = request.onStreamEnd(node);
        return node;
    }

    /** Removes and returns the first entry, or returns null if the list is empty. */
    public T poll() {
        Node<T> first = head.next;
        if (first == head) {
            return null;
        }
        T item = first.item;
        unlink(first);
        return item;
    }

    /**
     * Removes, in order, every entry for which {@code filter} returns true. The filter may add entries (they are
     * visited too) but must not remove any other than through its result.
     */
    public void removeIf(Predicate<? super T> filter) {
        Node<T> node = head.next;
        while (node != head) {
            boolean remove = filter.test(node.item);
            // Read after the filter ran: it may have appended entries after this one.
            Node<T> next = node.next;
            if (remove) {
                unlink(node);
            }
            node = next;
        }
    }

    /** The number of entries. */
    public int size() {
        return size;
    }

    /** True if there are no entries. */
    public boolean isEmpty() {
        return size == 0;
    }

    private void unlink(Node<T> node) {
        node.prev.next = node.next;
        node.next.prev = node.prev;
        node.prev = null;
        node.next = null;
        node.owner = null;
        node.item = null;
        size--;
        Registration untilEnd = node.untilEnd;
        if (untilEnd != null) {
            node.untilEnd = null;
            untilEnd.cancel();
        }
    }

    /** An entry; also the release action registered with the request's stream, which removes the entry. */
    private static final class Node<T> implements Registration, Runnable {
        RegistrationList<T> owner;
        T item;
        Node<T> prev;
        Node<T> next;
        Registration untilEnd;

        Node(RegistrationList<T> owner, T item) {
            this.owner = owner;
            this.item = item;
        }

        @Override
        public void cancel() {
            if (owner != null) {
                owner.unlink(this);
            }
        }

        @Override
        public void run() {
            // The stream ended: its list of release actions has already dropped this one.
            untilEnd = null;
            cancel();
        }
    }
}
