package io.wasmjava.core;

/**
 * One HTTP request/response exchange (a proxy-wasm stream context). Valid from request headers until the stream
 * ends; calls made on it after the stream ended are ignored by the host. Header accessors act on the live host
 * maps of the current phase.
 */
public interface HttpContext {
    /** The proxy-wasm context id. */
    int contextId();

    /** The plugin this request belongs to. */
    PluginContext plugin();

    /** A logger whose prefix carries this request's {@code x-request-id}. */
    Log log();

    /** {@code :scheme} as seen in the request headers; empty if absent. Valid in every phase. */
    String scheme();

    /** {@code :authority} as seen in the request headers; empty if absent. Valid in every phase. */
    String host();

    /** {@code :path} as seen in the request headers; empty if absent. Valid in every phase. */
    String path();

    /** {@code :method} as seen in the request headers; empty if absent. Valid in every phase. */
    String method();

    /** The current phase. */
    ExecutionPhase executionPhase();

    /** The first value of a request header, or null. */
    String requestHeader(String name);

    /** All request headers (a snapshot). */
    Headers requestHeaders();

    void addRequestHeader(String name, String value);

    /** Sets a request header, replacing any existing values. */
    void replaceRequestHeader(String name, String value);

    void removeRequestHeader(String name);

    /** The first value of a response header, or null. Only meaningful from the response-headers phase on. */
    String responseHeader(String name);

    /** All response headers (a snapshot). */
    Headers responseHeaders();

    void addResponseHeader(String name, String value);

    void replaceResponseHeader(String name, String value);

    void removeResponseHeader(String name);

    /** Replaces the request body; only valid in a request-body phase. */
    void replaceRequestBody(byte[] body);

    /** Replaces the response body; only valid in a response-body phase. */
    void replaceResponseBody(byte[] body);

    /** A host property (e.g. {@code route_name}, {@code source.address}) as raw bytes, or null if absent. */
    byte[] property(String... path);

    /** A host property as UTF-8 text, or null if absent. */
    String propertyString(String... path);

    /** Sets a host property. */
    void setProperty(byte[] value, String... path);

    /** A per-request attribute, or null. */
    Object attribute(String key);

    /** Stores a per-request attribute; null removes it. */
    void setAttribute(String key, Object value);

    /** Continues a request held by a stop status. No-op once the stream has ended. */
    void resumeRequest();

    /** Continues a response held by a stop status. No-op once the stream has ended. */
    void resumeResponse();

    /** Answers the request locally with {@code statusCode}, {@code headers} and {@code body}. */
    void sendLocalResponse(int statusCode, Headers headers, byte[] body);

    /**
     * Answers the request locally, with {@code details} as Envoy's response code details (shown in access logs as
     * {@code %RESPONSE_CODE_DETAILS%}, e.g. {@code cluster-key-rate-limit.rejected}).
     */
    void sendLocalResponse(int statusCode, String details, Headers headers, byte[] body);

    /** Answers the request locally with a UTF-8 text body and no extra headers. */
    void sendLocalResponse(int statusCode, String body);

    /** True once {@link #sendLocalResponse} was called for this request. */
    boolean hasSentLocalResponse();

    /** True once the host has ended the stream ({@code proxy_on_done}); callbacks for it are then dropped. */
    boolean isStreamEnded();

    /** Skips the request-body handlers for this request. */
    void dontReadRequestBody();

    /** Skips the response-body handlers for this request. */
    void dontReadResponseBody();

    /** Delivers the request body once, buffered, to the buffered handler instead of chunk by chunk. */
    void bufferRequestBody();

    /** Delivers the response body once, buffered, to the buffered handler instead of chunk by chunk. */
    void bufferResponseBody();

    /** Makes the streaming response handler return {@link DataStatus#STOP_ITERATION_NO_BUFFER}. */
    void needPauseStreamingResponse();

    /** True if the request headers did not end the stream (a body follows). */
    boolean hasRequestBody();

    /** True if the response headers did not end the stream. */
    boolean hasResponseBody();

    /** True for a WebSocket upgrade request. */
    boolean isWebsocket();

    /** Keeps the route chosen before this plugin changed headers (property {@code clear_route_cache=off}). */
    void disableReroute();

    /** Sets the request body buffer limit in bytes (property {@code set_decoder_buffer_limit}). */
    void setRequestBodyBufferLimit(long bytes);

    /** Sets the response body buffer limit in bytes (property {@code set_encoder_buffer_limit}). */
    void setResponseBodyBufferLimit(long bytes);
}
