package io.wasmjava.core.abi;

import io.wasmjava.core.PayloadTooLargeException;
import org.teavm.interop.Address;

/**
 * Hands linear memory between the host and Java arrays.
 *
 * <p>Host to plugin: {@code proxy_on_memory_allocate(size)} returns the data address of a new {@code byte[]} and
 * remembers it by that address. After the host call returns, the caller reads the (pointer, size) out-parameters and
 * {@link #take claims} the array: no copy, and from then on it is an ordinary object. Each host call allocates at
 * most once and writes before control returns to the module, so no GC can move the block in between.
 *
 * <p>Plugin to host: pass {@link #address} of a Java array and keep a reference to it in a local that is used after
 * the call. TeaVM spills such references to its shadow stack, and its compacting GC does not move shadow-stack
 * objects, so the address stays valid even if the host re-enters the module (allocation, GC) during the call.
 */
final class Memory {
    private static final int SLOTS = 16;
    private static final byte[] EMPTY = new byte[0];
    private static final int[] slotAddress = new int[SLOTS];
    private static final byte[][] slotData = new byte[SLOTS][];
    private static int nextSlot;
    /** The size of the last block refused because the heap could not hold it, until {@link #takeRefusal}. */
    private static long refusedSize = -1;
    private static long refusedFreeBytes;

    private Memory() {
    }

    /**
     * Implements {@code proxy_on_memory_allocate}. Returns 0 (no memory) for a block the heap cannot hold with its
     * reserve to spare: the host then fails the call that wanted to copy data in with {@code INVALID_MEMORY_ACCESS}
     * (proxy-wasm-cpp-host's {@code copyToPointerSize}), which {@link #takeRefusal} lets the caller tell apart.
     * A negative size is an unsigned request of 2 GiB or more: refused too.
     */
    static int allocate(int size) {
        if (size < 0 || !Heap.canHoldBytes(size)) {
            refusedSize = size & 0xFFFFFFFFL;
            refusedFreeBytes = Heap.freeBytes() - Heap.RESERVE_BYTES;
            return 0;
        }
        // malloc(0) must still return a unique non-null pointer.
        byte[] block = new byte[size == 0 ? 1 : size];
        int address = Address.ofData(block).toInt();
        int slot = nextSlot;
        slotAddress[slot] = address;
        slotData[slot] = block;
        nextSlot = (slot + 1) % SLOTS;
        return address;
    }

    /**
     * The bytes the host wrote at {@code address}: the claimed block when {@code address} is one we allocated,
     * which must be one this module allocated.
     */
    static byte[] take(int address, int size) {
        byte[] block = claim(address);
        if (address == 0 || size <= 0) {
            return EMPTY;
        }
        if (block != null) {
            if (block.length == size) {
                return block;
            }
            if (size < block.length) {
                byte[] copy = new byte[size];
                System.arraycopy(block, 0, copy, 0, size);
                return copy;
            }
            throw new IllegalArgumentException("host returned " + size + " bytes in a block of " + block.length);
        }
        // Reading raw memory at an address we never handed out could trap the VM; refuse instead.
        throw new IllegalArgumentException("host returned a block at address " + address
                + " that was not allocated through proxy_on_memory_allocate");
    }

    private static byte[] claim(int address) {
        for (int i = 0; i < SLOTS; i++) {
            if (slotData[i] != null && slotAddress[i] == address) {
                byte[] block = slotData[i];
                slotData[i] = null;
                slotAddress[i] = 0;
                return block;
            }
        }
        return null;
    }

    /**
     * The block refused since the last call, as a failure naming {@code function}, or null if none was refused;
     * clears the record either way. Call it when a host function that copies data in failed.
     */
    static PayloadTooLargeException takeRefusal(String function) {
        long size = refusedSize;
        refusedSize = -1;
        if (size < 0) {
            return null;
        }
        return new PayloadTooLargeException(function + " result", size,
                Math.max(0, refusedFreeBytes), "free heap");
    }

    static int address(byte[] data) {
        return data.length == 0 ? 0 : Address.ofData(data).toInt();
    }

    static int address(int[] data) {
        return Address.ofData(data).toInt();
    }

    static int address(long[] data) {
        return Address.ofData(data).toInt();
    }

    /** Keeps {@code data} reachable (and therefore unmovable) up to this point. */
    static void keep(Object data) {
        Address.pin(data);
    }
}
