package io.wasmjava.host;

/** The module called WASI {@code proc_exit}; the engine ends the export call and reports it as a trap. */
final class ModuleExitException extends RuntimeException {
    private final int exitCode;

    ModuleExitException(int exitCode) {
        super("the module exited with code " + exitCode + " (proc_exit)");
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
