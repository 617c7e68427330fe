package io.wasmjava.host;

/** The module passed a pointer or length the host cannot use; the host answers {@code INVALID_MEMORY_ACCESS}. */
final class GuestMemoryException extends RuntimeException {
    GuestMemoryException(String message) {
        super(message);
    }
}
