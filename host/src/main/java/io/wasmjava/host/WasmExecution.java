package io.wasmjava.host;

/** Which engine runs a compiled module, and how. */
public enum WasmExecution {
    /**
     * Chicory's runtime compiler ({@code MachineFactoryCompiler}) translates the module to JVM bytecode once per
     * module file, cached for the JVM's lifetime; instances then run at JIT speed. The default.
     */
    COMPILED,
    /** Chicory's interpreter: no compile step, but 10-25 times slower per call. */
    INTERPRETED,
    /**
     * V8 (13.8, through Javet), the engine Envoy and Higress run plugins on: each instance in its own isolate. Needs
     * Javet's native library for the platform ({@link WasmEngine#unavailable}).
     */
    V8
}
