package io.wasmjava.core;

/** proxy-wasm log levels, in the order hosts compare them. */
public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    CRITICAL;

    /** The ABI value (0 = trace … 5 = critical). */
    public int code() {
        return ordinal();
    }

    /** Maps an ABI value; values above 5 map to {@link #CRITICAL}, below 0 to {@link #TRACE}. */
    public static LogLevel of(int code) {
        LogLevel[] levels = values();
        return levels[Math.max(0, Math.min(levels.length - 1, code))];
    }
}
