package io.wasmjava.teavm.runtime;

import org.teavm.backend.wasm.runtime.WasiBuffer;
import org.teavm.backend.wasm.wasi.LongResult;
import org.teavm.backend.wasm.wasi.Wasi;
import org.teavm.interop.Unmanaged;

/**
 * Replacements for natives TeaVM's class library imports from its private {@code teavm} module. A method named
 * {@code <module>_<name>} replaces the import {@code <module>.<name>} (see the compat plugin's ImportRewriter).
 * Uses TeaVM's own declaration of WASI {@code clock_time_get}: a second declaration of the same import name fails
 * the TeaVM build.
 */
public final class TeaVMImports {
    private static final int CLOCK_MONOTONIC = 1;

    private TeaVMImports() {
    }

    /** {@code System.nanoTime()}: TeaVM's native returns milliseconds as a double. */
    public static double teavm_nanoTime() {
        return clock(CLOCK_MONOTONIC) / 1_000_000.0;
    }

    @Unmanaged
    private static long clock(int clockId) {
        LongResult result = WasiBuffer.getBuffer().toStructure();
        Wasi.clockTimeGet(clockId, 1, result);
        return result.value;
    }
}
