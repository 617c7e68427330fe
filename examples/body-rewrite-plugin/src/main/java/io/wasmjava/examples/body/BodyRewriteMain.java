package io.wasmjava.examples.body;

import io.wasmjava.core.WasmPlugin;

/** The module's entry point. */
public final class BodyRewriteMain {
    private BodyRewriteMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(BodyRewritePlugin.definition());
    }
}
