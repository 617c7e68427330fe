package io.wasmjava.core.host;

/** Status codes returned by proxy-wasm host functions (ABI 0.2.1 {@code proxy_result_t}). */
public enum HostStatus {
    OK(0),
    NOT_FOUND(1),
    BAD_ARGUMENT(2),
    SERIALIZATION_FAILURE(3),
    PARSE_FAILURE(4),
    BAD_EXPRESSION(5),
    INVALID_MEMORY_ACCESS(6),
    EMPTY(7),
    CAS_MISMATCH(8),
    RESULT_MISMATCH(9),
    INTERNAL_FAILURE(10),
    BROKEN_CONNECTION(11),
    UNIMPLEMENTED(12),
    UNKNOWN(-1);

    private final int code;

    HostStatus(int code) {
        this.code = code;
    }

    /** The ABI value; {@code -1} for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** Maps an ABI value; values outside the table map to {@link #UNKNOWN}. */
    public static HostStatus of(int code) {
        for (HostStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
