package io.wasmjava.host;

/** How the Wasm engine executes a module on Chicory. */
public enum WasmExecution {
    /**
     * Chicory's runtime compiler ({@code MachineFactoryCompiler}) translates the module to JVM bytecode once per
     * module file, cached for the JVM's lifetime; instances then run at JIT speed. The default.
     */
    COMPILED,
    /** Chicory's interpreter: no compile step, but 10-25 times slower per call. */
    INTERPRETED
}
