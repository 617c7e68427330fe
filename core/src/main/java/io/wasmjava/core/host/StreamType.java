package io.wasmjava.core.host;

/** Streams for {@code proxy_continue_stream} and {@code proxy_close_stream}. */
public enum StreamType {
    REQUEST,
    RESPONSE,
    DOWNSTREAM,
    UPSTREAM;

    /** The ABI value: the constants are declared in ABI order, so it is the ordinal. */
    public int code() {
        return ordinal();
    }
}
