package io.wasmjava.host;

import java.nio.charset.StandardCharsets;
import java.util.function.IntUnaryOperator;

/**
 * Bounds-checked access to a module's linear memory, and the host-to-guest hand-off: data the host returns is
 * copied into a block from the module's {@code proxy_on_memory_allocate}, and the block's (pointer, size) go into the
 * guest's out-parameters. Addresses are unsigned 32-bit values carried in Java {@code int}s; anything outside the
 * memory throws {@link GuestMemoryException} instead of reaching the engine's own bounds checks. The same on every
 * engine: only the raw {@link LinearMemory} and the call into the allocator differ.
 */
final class GuestMemory {
    private final LinearMemory memory;
    private final IntUnaryOperator allocate;

    /**
     * @param allocate calls the module's {@code proxy_on_memory_allocate(size)} and returns the pointer; throws
     *     {@link WasmTrapException} if the module trapped
     */
    GuestMemory(LinearMemory memory, IntUnaryOperator allocate) {
        this.memory = memory;
        this.allocate = allocate;
    }

    /** The memory's current size in bytes. */
    long size() {
        memory.refresh();
        return memory.byteSize();
    }

    private int check(int pointer, long length) {
        long address = pointer & 0xFFFFFFFFL;
        long end = address + length;
        // The size the engine last saw is a lower bound (memory never shrinks): look again only when it is too small.
        if (length < 0 || end > memory.byteSize() && !(memory.refresh() && end <= memory.byteSize())
                || end > Integer.MAX_VALUE) {
            throw new GuestMemoryException("bytes [" + address + ", " + end + ") lie outside the "
                    + memory.byteSize() + "-byte memory");
        }
        return (int) address;
    }

    /** Reads {@code size} bytes (both unsigned); a size of 0 reads nothing, whatever the pointer. */
    byte[] read(int pointer, int size) {
        long length = size & 0xFFFFFFFFL;
        if (length == 0) {
            return new byte[0];
        }
        return memory.read(check(pointer, length), (int) length);
    }

    int readU32(int pointer) {
        return memory.readI32(check(pointer, 4));
    }

    /** Fails unless {@code length} bytes at {@code pointer} lie inside the memory. */
    void checkWritable(int pointer, int length) {
        check(pointer, length);
    }

    String readString(int pointer, int size) {
        return new String(read(pointer, size), StandardCharsets.UTF_8);
    }

    void writeU32(int pointer, int value) {
        memory.writeI32(check(pointer, 4), value);
    }

    void writeU64(int pointer, long value) {
        memory.writeI64(check(pointer, 8), value);
    }

    void write(int pointer, byte[] data) {
        memory.write(check(pointer, data.length), data);
    }

    /**
     * Copies {@code data} into a block allocated by the module and writes its address and size to the out-parameters.
     * Empty data writes (0, 0) without allocating, as proxy-wasm-cpp-host does. The out-parameters are checked before
     * the module is asked for memory.
     *
     * @throws AllocationRefusedException if the module's allocator returned 0
     * @throws WasmTrapException if the module trapped in its allocator
     */
    void returnBytes(byte[] data, int pointerOut, int sizeOut) {
        check(pointerOut, 4);
        check(sizeOut, 4);
        int pointer = 0;
        if (data.length > 0) {
            try {
                pointer = allocate.applyAsInt(data.length);
            } catch (WasmTrapException e) {
                throw new WasmTrapException("proxy_on_memory_allocate(" + data.length + "): " + e.getMessage(), e);
            }
            if (pointer == 0) {
                throw new AllocationRefusedException("proxy_on_memory_allocate(" + data.length + ") returned 0");
            }
            write(pointer, data);
        }
        writeU32(pointerOut, pointer);
        writeU32(sizeOut, data.length);
    }
}
