package io.wasmjava.core.config;

/**
 * Finds an object's keys by hash, for objects of more than {@link #LINEAR_MAX} keys; smaller ones are searched in
 * order, which is faster for them and needs no memory. An index is an open-addressing table whose length is a power
 * of two at least twice the number of keys; each slot holds a key's position plus one, or 0 when empty. The keys
 * stay in their own array: {@code keys[offset + position]}.
 *
 * <p>The hash is not {@link String#hashCode()}, whose collisions anyone can write ({@code "Aa"} and {@code "BB"},
 * and every string made of such pairs): a body of 16,384 such keys (540 KB) took 51 s to parse in a compiled plugin
 * with the earlier {@code HashMap} (TeaVM's does not turn long chains into trees, as the JDK's does). It is keyed by a
 * random seed drawn once per VM, so a document cannot aim its keys at one run of slots.
 */
final class KeyIndex {
    /** Objects with at most this many keys have no index. */
    static final int LINEAR_MAX = 8;

    private static final int SEED = seed();

    private KeyIndex() {}

    /** Returns the index of {@code keys[offset .. offset + count)}, or null if there are too few to need one. */
    static int[] of(String[] keys, int offset, int count) {
        if (count <= LINEAR_MAX) {
            return null;
        }
        int[] index = new int[Integer.highestOneBit(count * 2 - 1) << 1];
        for (int position = 0; position < count; position++) {
            insert(index, keys[offset + position], position);
        }
        return index;
    }

    /**
     * Returns the index after {@code keys[offset + count - 1]} joined {@code index}, the index of the {@code count - 1}
     * keys before it: {@code index} itself, or a new one once there are more keys than it has room for.
     */
    static int[] add(int[] index, String[] keys, int offset, int count) {
        if (index == null || count * 2 > index.length) {
            return of(keys, offset, count);
        }
        insert(index, keys[offset + count - 1], count - 1);
        return index;
    }

    /**
     * Returns the position of {@code key} among {@code keys[offset .. offset + count)}, or -1.
     *
     * @throws NullPointerException if {@code key} is null
     */
    static int find(int[] index, String[] keys, int offset, int count, String key) {
        if (index == null) {
            for (int position = 0; position < count; position++) {
                if (key.equals(keys[offset + position])) {
                    return position;
                }
            }
            return -1;
        }
        int mask = index.length - 1;
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            int entry = index[slot];
            if (entry == 0) {
                return -1;
            }
            if (key.equals(keys[offset + entry - 1])) {
                return entry - 1;
            }
        }
    }

    private static void insert(int[] index, String key, int position) {
        int mask = index.length - 1;
        int slot = hash(key) & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = position + 1;
    }

    /** A hash of the chars of {@code key} keyed by {@link #SEED}; each step is a bijection that mixes all bits. */
    private static int hash(String key) {
        int h = SEED;
        int length = key.length();
        for (int i = 0; i < length; i++) {
            h = (h ^ key.charAt(i)) * 0x5BD1E995;
            h ^= h >>> 15;
        }
        return h;
    }

    private static int seed() {
        try {
            // Compiled to Wasm, Math.random() is seeded by WASI random_get (proxy-wasm hosts provide it).
            return (int) (long) (Math.random() * 0x1p32);
        } catch (RuntimeException e) {
            // A host without random_get: the clock is still unknown to whoever wrote the document.
            return (int) System.nanoTime();
        }
    }
}
