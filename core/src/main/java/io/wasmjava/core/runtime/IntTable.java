package io.wasmjava.core.runtime;

/**
 * A map from {@code int} to non-null values, for context ids and callout tokens. The dispatcher looks one up on every
 * export the host calls; {@code HashMap<Integer, V>} would box each id above 127 (context ids only grow) and chase an
 * entry object, which costs more than the lookup itself in Wasm. Open addressing with linear probing; removal shifts
 * the following entries back, so there are no tombstones and lookups stay short however many streams come and go.
 * Not thread-safe (a Wasm VM is single-threaded).
 */
final class IntTable<V> {
    private static final int MIN_CAPACITY = 16;

    private int[] keys = new int[MIN_CAPACITY];
    private Object[] values = new Object[MIN_CAPACITY];
    private int size;

    /** The value for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(int key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) value;
            }
        }
    }

    boolean containsKey(int key) {
        return get(key) != null;
    }

    /** Maps {@code key} to {@code value} (not null), replacing any previous value. */
    void put(int key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value for " + key);
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != null) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    /** Removes {@code key}; returns its value, or null if it was absent. */
    @SuppressWarnings("unchecked")
    V remove(int key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        Object removed = values[i];
        if (removed == null) {
            return null;
        }
        values[i] = null;
        size--;
        // Move back every entry of the run after the hole that would no longer be found past it.
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            // j's entry may fill the hole unless its home lies cyclically in (hole, j].
            boolean homeAfterHole = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!homeAfterHole) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                values[j] = null;
                hole = j;
            }
        }
        return (V) removed;
    }

    int size() {
        return size;
    }

    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] != null) {
                int i = slot(oldKeys[j], mask);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static int slot(int key, int mask) {
        // Fibonacci hashing spreads consecutive ids (the common case) over the table.
        return (key * 0x9E3779B9 >>> 16) & mask;
    }
}
