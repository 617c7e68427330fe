package io.wasmjava.core;

import io.wasmjava.core.abi.Exports;

/**
 * Runs a plugin inside the Wasm module. Call it, and nothing else, from the plugin's {@code main}: hosts run
 * {@code main} (through {@code _start}) before any context exists and allow only logging there, and this method
 * makes no host call.
 */
public final class WasmPlugin {
    private WasmPlugin() {
    }

    /** Registers {@code plugin} as the module's plugin; a second call replaces the first. */
    public static void run(Plugin<?> plugin) {
        Exports.install(plugin);
    }
}
