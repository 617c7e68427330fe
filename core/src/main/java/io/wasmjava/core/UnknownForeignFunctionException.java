package io.wasmjava.core;

/**
 * Thrown by {@link PluginContext#callForeignFunction} when the host has no foreign function of that name
 * ({@code proxy_call_foreign_function} answered {@code NOT_FOUND}): e.g. a Higress-only function on plain Envoy.
 */
public final class UnknownForeignFunctionException extends RuntimeException {
    private final String function;

    /** An exception for foreign function {@code function}. */
    public UnknownForeignFunctionException(String function) {
        super("proxy_call_foreign_function: the host has no foreign function " + function);
        this.function = function;
    }

    /** The name of the missing function. */
    public String function() {
        return function;
    }
}
