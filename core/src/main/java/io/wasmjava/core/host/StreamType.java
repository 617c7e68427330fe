package io.wasmjava.core.host;

/** Streams for {@code proxy_continue_stream} and {@code proxy_close_stream}. */
public enum StreamType {
    REQUEST(0),
    RESPONSE(1),
    DOWNSTREAM(2),
    UPSTREAM(3);

    private final int code;

    StreamType(int code) {
        this.code = code;
    }

    /** The ABI value. */
    public int code() {
        return code;
    }
}
