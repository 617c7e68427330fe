package io.wasmjava.maven;

import java.io.IOException;

/**
 * Thrown when bytes are not a well-formed WebAssembly binary module: bad magic or version, a truncated file, a section
 * that overruns its declared size, an over-long LEB128 number, or an unknown encoding. The message names the problem
 * and ends with the byte offset at which it was found.
 */
public final class MalformedWasmException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    MalformedWasmException(String problem, int offset) {
        super(problem + " at offset " + offset);
        this.offset = offset;
    }

    /** Returns the zero-based position in the file of the byte that could not be read or decoded. */
    public int offset() {
        return offset;
    }
}
