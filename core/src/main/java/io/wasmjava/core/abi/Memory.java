package io.wasmjava.core.abi;

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

    private Memory() {
    }

    /** Implements {@code proxy_on_memory_allocate}. */
    static int allocate(int size) {
        // malloc(0) must still return a unique non-null pointer.
        byte[] block = new byte[size <= 0 ? 1 : size];
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
