package io.wasmjava.host;

/**
 * One running plugin instance, driven through the proxy-wasm 0.2.1 callbacks: one method per {@code proxy_on_*}
 * export, with the export's arguments and results as raw ABI integers (booleans are 0/1, statuses are codes).
 * Implementations run the plugin's Java code on the JVM ({@link JvmEngine#factory}) or its compiled module on Chicory
 * or V8 ({@link WasmEngine#factory}); both answer host calls from the {@link HostEmulator} they were created with.
 *
 * <p>An engine does not track contexts or the effective context itself: {@link PluginInstance} does that around
 * every call, so tests normally use the harness rather than an engine. Not thread-safe.
 */
public interface PluginEngine extends AutoCloseable {
    /** Creates an engine bound to a host; the harness calls it once per harness. */
    @FunctionalInterface
    interface Factory {
        /**
         * Starts a plugin instance whose host calls go to {@code host}. For a Wasm module this instantiates the
         * module and runs {@code _start}.
         *
         * @throws IllegalStateException if the instance cannot be created (e.g. a missing export or import)
         */
        PluginEngine create(HostEmulator host);
    }

    /** {@code proxy_on_context_create(context_id, parent_context_id)}; parent 0 creates a root context. */
    void onContextCreate(int contextId, int parentContextId);

    /** {@code proxy_on_vm_start}: returns 1 on success, 0 on failure. */
    int onVmStart(int rootContextId, int vmConfigurationSize);

    /** {@code proxy_on_configure}: returns 1 on success, 0 on failure. */
    int onConfigure(int rootContextId, int configurationSize);

    /** {@code proxy_on_tick}. */
    void onTick(int rootContextId);

    /** {@code proxy_on_request_headers}: returns the header status code. */
    int onRequestHeaders(int contextId, int headerCount, int endOfStream);

    /** {@code proxy_on_request_body}: returns the data status code. */
    int onRequestBody(int contextId, int bodySize, int endOfStream);

    /** {@code proxy_on_request_trailers}: returns the trailers status code. */
    int onRequestTrailers(int contextId, int trailerCount);

    /** {@code proxy_on_response_headers}: returns the header status code. */
    int onResponseHeaders(int contextId, int headerCount, int endOfStream);

    /** {@code proxy_on_response_body}: returns the data status code. */
    int onResponseBody(int contextId, int bodySize, int endOfStream);

    /** {@code proxy_on_response_trailers}: returns the trailers status code. */
    int onResponseTrailers(int contextId, int trailerCount);

    /** {@code proxy_on_http_call_response}; the host passes the root context id. */
    void onHttpCallResponse(int rootContextId, int token, int headerCount, int bodySize, int trailerCount);

    /** Higress {@code proxy_on_redis_call_response}; {@code status} 0 is success. */
    void onRedisCallResponse(int rootContextId, int token, int status, int responseSize);

    /** {@code proxy_on_queue_ready}; the host passes the registrant's root context id. */
    void onQueueReady(int rootContextId, int queueId);

    /** {@code proxy_on_done}: returns 1 if the context is done. */
    int onDone(int contextId);

    /** {@code proxy_on_log}. */
    void onLog(int contextId);

    /** {@code proxy_on_delete}. */
    void onDelete(int contextId);

    /**
     * The size of the plugin's linear memory in bytes, or -1 if the engine has none (the JVM engine). A Wasm memory
     * never shrinks, and TeaVM's heap grows it only when a collection cannot free enough, so a value that stays the
     * same over many requests means the plugin keeps nothing per request.
     */
    default long memoryBytes() {
        return -1;
    }

    /** Releases the instance; idempotent. */
    @Override
    void close();
}
