package io.wasmjava.core.host;

import io.wasmjava.core.LogLevel;

/**
 * Higress's {@code get_log_level} foreign function, which its Go SDK calls before every log call instead of
 * {@code proxy_get_log_level} (higress-group/wasm-go {@code pkg/wrapper/log_wrapper.go:40-50}): no argument, the
 * level as a little-endian u32 on the {@code proxy_log} scale (0 = trace … 5 = critical). {@link Host#logLevel()}
 * implementations use it where the host registers it and fall back to {@code proxy_get_log_level} where it does not.
 */
public final class HigressLogLevel {
    /** The foreign function's name. */
    public static final String FUNCTION = "get_log_level";

    private HigressLogLevel() {
    }

    /**
     * The level in {@code result}, or null if it is shorter than 4 bytes (where Go's SDK would panic, the SDK uses
     * {@code proxy_get_log_level} instead). Values above 5 read as {@link LogLevel#CRITICAL}.
     */
    public static LogLevel decode(byte[] result) {
        if (result == null || result.length < 4) {
            return null;
        }
        // Any set bit above the low byte is a value above 5.
        return LogLevel.of((result[1] | result[2] | result[3]) == 0 ? result[0] & 0xFF : Integer.MAX_VALUE);
    }
}
