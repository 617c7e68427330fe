package io.wasmjava.devserver;

/**
 * A plugin VM failed while the gateway called into it: the module trapped (a {@code WasmTrapException}), or the host
 * side of a call went wrong. The worker answers the VM's requests with 500 and starts a new VM.
 */
final class PluginFailure extends RuntimeException {
    final PluginVm vm;

    PluginFailure(PluginVm vm, Throwable cause) {
        super(vm + " failed: " + cause.getMessage(), cause);
        this.vm = vm;
    }

    PluginFailure(PluginVm vm, String message) {
        super(vm + ": " + message);
        this.vm = vm;
    }
}
