package io.wasmjava.interop.probe;

import io.wasmjava.core.WasmPlugin;

/** The probe module's entry point. */
public final class ProbeMain {
    private ProbeMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(ProbePlugin.definition());
    }
}
