package io.wasmjava.host;

/**
 * Raw access to a module's linear memory as one engine provides it. Callers ({@link GuestMemory}) check bounds first:
 * implementations may assume every address and length lies inside {@link #byteSize()}. Little-endian, as Wasm is.
 */
interface LinearMemory {
    /**
     * The memory's size in bytes as last seen. A memory never shrinks, so an address below it stays valid; it may be
     * stale after the module grew the memory, until {@link #refresh()}.
     */
    long byteSize();

    /**
     * Looks at the memory again after it may have grown; returns true if {@link #byteSize()} changed. Engines whose
     * size is always current return false.
     */
    default boolean refresh() {
        return false;
    }

    byte[] read(int address, int length);

    int readI32(int address);

    void writeI32(int address, int value);

    void writeI64(int address, long value);

    void write(int address, byte[] data);
}
