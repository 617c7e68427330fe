package io.wasmjava.host;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked access to a module's linear memory, and the host-to-guest hand-off: data the host returns is
 * copied into a block from the module's {@code proxy_on_memory_allocate}, and the block's (pointer, size) go into the
 * guest's out-parameters. Addresses are unsigned 32-bit values carried in Java {@code int}s; anything outside the
 * memory throws {@link GuestMemoryException} instead of reaching Chicory's bounds checks.
 */
final class GuestMemory {
    private final Instance instance;
    private final ExportFunction allocate;

    GuestMemory(Instance instance) {
        this.instance = instance;
        this.allocate = instance.export("proxy_on_memory_allocate");
    }

    Instance instance() {
        return instance;
    }

    private Memory memory() {
        Memory memory = instance.memory();
        if (memory == null) {
            throw new GuestMemoryException("the module has no memory");
        }
        return memory;
    }

    private long size() {
        return (long) memory().pages() * Memory.PAGE_SIZE;
    }

    private int check(int pointer, long length) {
        long address = pointer & 0xFFFFFFFFL;
        if (length < 0 || address + length > size() || address + length > Integer.MAX_VALUE) {
            throw new GuestMemoryException("bytes [" + address + ", " + (address + length) + ") lie outside the "
                    + size() + "-byte memory");
        }
        return (int) address;
    }

    /** Reads {@code size} bytes (both unsigned); a size of 0 reads nothing, whatever the pointer. */
    byte[] read(int pointer, int size) {
        long length = size & 0xFFFFFFFFL;
        if (length == 0) {
            return new byte[0];
        }
        return memory().readBytes(check(pointer, length), (int) length);
    }

    int readU32(int pointer) {
        return memory().readInt(check(pointer, 4));
    }

    /** Fails unless {@code length} bytes at {@code pointer} lie inside the memory. */
    void checkWritable(int pointer, int length) {
        check(pointer, length);
    }

    String readString(int pointer, int size) {
        return new String(read(pointer, size), StandardCharsets.UTF_8);
    }

    void writeU32(int pointer, int value) {
        memory().writeI32(check(pointer, 4), value);
    }

    void writeU64(int pointer, long value) {
        memory().writeLong(check(pointer, 8), value);
    }

    void write(int pointer, byte[] data) {
        memory().write(check(pointer, data.length), data);
    }

    /**
     * Copies {@code data} into a block allocated by the module and writes its address and size to the out-parameters.
     * Empty data writes (0, 0) without allocating, as proxy-wasm-cpp-host does. The out-parameters are checked before
     * the module is asked for memory.
     *
     * @throws AllocationRefusedException if the module's allocator returned 0
     */
    void returnBytes(byte[] data, int pointerOut, int sizeOut) {
        check(pointerOut, 4);
        check(sizeOut, 4);
        int pointer = 0;
        if (data.length > 0) {
            long[] result = allocate.apply(data.length);
            pointer = (int) result[0];
            if (pointer == 0) {
                throw new AllocationRefusedException("proxy_on_memory_allocate(" + data.length + ") returned 0");
            }
            write(pointer, data);
        }
        writeU32(pointerOut, pointer);
        writeU32(sizeOut, data.length);
    }
}
