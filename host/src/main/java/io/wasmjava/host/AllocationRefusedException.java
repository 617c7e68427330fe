package io.wasmjava.host;

/**
 * The module's {@code proxy_on_memory_allocate} returned 0: it declined to take the data (a module that guards its
 * heap does this). Like proxy-wasm-cpp-host's {@code copyToPointerSize}, the host then fails the call with
 * {@code INVALID_MEMORY_ACCESS}; it is the module's decision, not a fault, so no problem is recorded.
 */
final class AllocationRefusedException extends RuntimeException {
    AllocationRefusedException(String message) {
        super(message);
    }
}
