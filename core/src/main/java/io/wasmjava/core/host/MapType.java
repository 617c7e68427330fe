package io.wasmjava.core.host;

/** proxy-wasm header map types (ABI 0.2.1 {@code proxy_map_type_t}). */
public enum MapType {
    HTTP_REQUEST_HEADERS,
    HTTP_REQUEST_TRAILERS,
    HTTP_RESPONSE_HEADERS,
    HTTP_RESPONSE_TRAILERS,
    GRPC_RECEIVE_INITIAL_METADATA,
    GRPC_RECEIVE_TRAILING_METADATA,
    HTTP_CALL_RESPONSE_HEADERS,
    HTTP_CALL_RESPONSE_TRAILERS;

    /** The ABI value: the constants are declared in ABI order, so it is the ordinal. */
    public int code() {
        return ordinal();
    }
}
