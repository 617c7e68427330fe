package io.wasmjava.core.abi;

import org.teavm.runtime.GC;

/**
 * The module's TeaVM heap as the SDK sees it: what is in use and how far it may grow. Used to refuse a host copy
 * that cannot fit instead of letting the allocation reach TeaVM's out-of-memory trap.
 *
 * <p>The heap starts small ({@code wasmjava.minHeapMiB}) and grows on demand up to {@code wasmjava.maxHeapMiB};
 * the compat plugin's heap-growth fix makes any allocation that fits under that maximum succeed. It never shrinks.
 */
final class Heap {
    /**
     * Kept free after a host copy: room for the SDK and the plugin to handle the value (decode it, log, answer the
     * request) without reaching the trap.
     */
    static final long RESERVE_BYTES = 1024 * 1024;
    /** TeaVM's array header: class reference, hash code and length. */
    private static final long ARRAY_HEADER_BYTES = 12;

    private Heap() {
    }

    /** The heap's cap in bytes ({@code wasmjava.maxHeapMiB}). */
    static long maxBytes() {
        return GC.maxAvailableBytes();
    }

    /** Bytes that allocations may still take, counting growth up to the cap; garbage not yet collected counts as used. */
    static long freeBytes() {
        return GC.maxAvailableBytes() - (GC.availableBytes() - GC.getFreeMemory());
    }

    /**
     * True if a {@code byte[size]} fits with {@link #RESERVE_BYTES} to spare, collecting garbage first if that is what
     * it takes.
     */
    static boolean canHoldBytes(long size) {
        long needed = size + ARRAY_HEADER_BYTES + RESERVE_BYTES;
        if (freeBytes() >= needed) {
            return true;
        }
        System.gc();
        return freeBytes() >= needed;
    }
}
