package io.wasmjava.interop.phases;

import io.wasmjava.core.WasmPlugin;

/** The phase-matrix module's entry point ({@code target/phase-matrix.wasm}). */
public final class PhaseMatrixMain {
    private PhaseMatrixMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(PhaseMatrixPlugin.definition());
    }
}
