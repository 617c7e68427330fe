package io.wasmjava.core.host;

/** proxy-wasm buffer types (ABI 0.2.1 {@code proxy_buffer_type_t}) plus Higress's Redis reply buffer. */
public enum BufferType {
    HTTP_REQUEST_BODY(0),
    HTTP_RESPONSE_BODY(1),
    DOWNSTREAM_DATA(2),
    UPSTREAM_DATA(3),
    HTTP_CALL_RESPONSE_BODY(4),
    GRPC_RECEIVE_BUFFER(5),
    VM_CONFIGURATION(6),
    PLUGIN_CONFIGURATION(7),
    CALL_DATA(8),
    /** Higress extension: the reply to {@code proxy_redis_call}. */
    REDIS_CALL_RESPONSE(9);

    private final int code;

    BufferType(int code) {
        this.code = code;
    }

    /** The ABI value. */
    public int code() {
        return code;
    }
}
