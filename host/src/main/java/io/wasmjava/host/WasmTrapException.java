package io.wasmjava.host;

/**
 * The Wasm module trapped (for example {@code unreachable}, an out-of-bounds access, or running out of memory) or
 * exited while the host was calling one of its exports. The message names the export and its arguments. The instance
 * is unusable afterwards: further calls on the same engine fail.
 */
public final class WasmTrapException extends RuntimeException {
    WasmTrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
