package io.wasmjava.interop;

import io.wasmjava.host.WasmExecution;
import io.wasmjava.testkit.Engines;

/** How the engine under test words a trap, for tests that check why a module trapped. */
final class Traps {
    private Traps() {
    }

    /**
     * The message of a load or store outside linear memory on {@link Engines#engine()}: Chicory's, or V8's
     * {@code RuntimeError}.
     */
    static String outOfBoundsMemoryAccess() {
        return Engines.engine() == WasmExecution.V8 ? "memory access out of bounds" : "out of bounds memory access";
    }
}
