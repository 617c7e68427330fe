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
        // Comparisons rather than values(), which copies the array on every call.
        return code <= 0 ? TRACE : code == 1 ? DEBUG : code == 2 ? INFO : code == 3 ? WARN : code == 4 ? ERROR : CRITICAL;
    }
}
