package io.wasmjava.core.host;

/** proxy-wasm buffer types (ABI 0.2.1 {@code proxy_buffer_type_t}) plus Higress's Redis reply buffer. */
public enum BufferType {
    HTTP_REQUEST_BODY,
    HTTP_RESPONSE_BODY,
    DOWNSTREAM_DATA,
    UPSTREAM_DATA,
    HTTP_CALL_RESPONSE_BODY,
    GRPC_RECEIVE_BUFFER,
    VM_CONFIGURATION,
    PLUGIN_CONFIGURATION,
    CALL_DATA,
    /** Higress extension: the reply to {@code proxy_redis_call}. */
    REDIS_CALL_RESPONSE;

    /** The ABI value: the constants are declared in ABI order, so it is the ordinal. */
    public int code() {
        return ordinal();
    }
}
