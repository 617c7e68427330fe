package io.wasmjava.core.host;

/**
 * A host function returned a status the caller does not treat as a normal outcome. The message names the ABI
 * function and the status, for example {@code proxy_http_call: BAD_ARGUMENT}.
 */
public final class HostStatusException extends RuntimeException {
    private final String function;
    private final int code;

    public HostStatusException(String function, int code) {
        super(function + ": " + describe(code));
        this.function = function;
        this.code = code;
    }

    private static String describe(int code) {
        HostStatus status = HostStatus.of(code);
        return status == HostStatus.UNKNOWN ? "status " + code : status.name();
    }

    /** The ABI function that failed, e.g. {@code proxy_http_call}. */
    public String function() {
        return function;
    }

    /** The mapped status; {@link HostStatus#UNKNOWN} when the host returned a value outside the ABI table. */
    public HostStatus status() {
        return HostStatus.of(code);
    }

    /** The raw status value the host returned. */
    public int code() {
        return code;
    }
}
