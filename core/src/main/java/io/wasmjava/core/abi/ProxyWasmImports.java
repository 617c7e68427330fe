package io.wasmjava.core.abi;

import org.teavm.interop.Import;

/**
 * proxy-wasm ABI 0.2.1 host functions (spec: https://github.com/proxy-wasm/spec/tree/main/abi-versions/v0.2.1).
 * Pointers are linear-memory addresses as {@code int}. Out-parameters ({@code ...PtrPtr}, {@code ...SizePtr}) point
 * into plugin-owned arrays; a returned data block is allocated by the host through {@code proxy_on_memory_allocate}
 * and owned by the plugin afterwards. TeaVM emits only the imports that are reachable.
 */
final class ProxyWasmImports {
    private ProxyWasmImports() {
    }

    /** proxy_log: writes a message; the plugin owns the message memory. */
    @Import(module = "env", name = "proxy_log")
    static native int proxyLog(int level, int messagePtr, int messageSize);

    /** proxy_get_log_level: writes the host's level (u32) to {@code levelPtr}. */
    @Import(module = "env", name = "proxy_get_log_level")
    static native int proxyGetLogLevel(int levelPtr);

    /** proxy_get_current_time_nanoseconds: writes u64 nanoseconds since the epoch. */
    @Import(module = "env", name = "proxy_get_current_time_nanoseconds")
    static native int proxyGetCurrentTimeNanoseconds(int timePtr);

    /** proxy_set_tick_period_milliseconds. */
    @Import(module = "env", name = "proxy_set_tick_period_milliseconds")
    static native int proxySetTickPeriodMilliseconds(int periodMillis);

    /** proxy_get_buffer_bytes: the host allocates the returned block. */
    @Import(module = "env", name = "proxy_get_buffer_bytes")
    static native int proxyGetBufferBytes(int bufferType, int start, int maxSize, int returnPtrPtr,
            int returnSizePtr);

    /** proxy_set_buffer_bytes. */
    @Import(module = "env", name = "proxy_set_buffer_bytes")
    static native int proxySetBufferBytes(int bufferType, int start, int length, int dataPtr, int dataSize);

    /** proxy_get_header_map_pairs: the host allocates the serialized map. */
    @Import(module = "env", name = "proxy_get_header_map_pairs")
    static native int proxyGetHeaderMapPairs(int mapType, int returnPtrPtr, int returnSizePtr);

    /** proxy_set_header_map_pairs. */
    @Import(module = "env", name = "proxy_set_header_map_pairs")
    static native int proxySetHeaderMapPairs(int mapType, int mapPtr, int mapSize);

    /** proxy_get_header_map_value: the host allocates the value. */
    @Import(module = "env", name = "proxy_get_header_map_value")
    static native int proxyGetHeaderMapValue(int mapType, int keyPtr, int keySize, int returnPtrPtr,
            int returnSizePtr);

    /** proxy_add_header_map_value. */
    @Import(module = "env", name = "proxy_add_header_map_value")
    static native int proxyAddHeaderMapValue(int mapType, int keyPtr, int keySize, int valuePtr, int valueSize);

    /** proxy_replace_header_map_value. */
    @Import(module = "env", name = "proxy_replace_header_map_value")
    static native int proxyReplaceHeaderMapValue(int mapType, int keyPtr, int keySize, int valuePtr, int valueSize);

    /** proxy_remove_header_map_value. */
    @Import(module = "env", name = "proxy_remove_header_map_value")
    static native int proxyRemoveHeaderMapValue(int mapType, int keyPtr, int keySize);

    /** proxy_get_property: the host allocates the value. */
    @Import(module = "env", name = "proxy_get_property")
    static native int proxyGetProperty(int pathPtr, int pathSize, int returnPtrPtr, int returnSizePtr);

    /** proxy_set_property. */
    @Import(module = "env", name = "proxy_set_property")
    static native int proxySetProperty(int pathPtr, int pathSize, int valuePtr, int valueSize);

    /** proxy_continue_stream. */
    @Import(module = "env", name = "proxy_continue_stream")
    static native int proxyContinueStream(int streamType);

    /** proxy_send_local_response. */
    @Import(module = "env", name = "proxy_send_local_response")
    static native int proxySendLocalResponse(int statusCode, int detailsPtr, int detailsSize, int bodyPtr,
            int bodySize, int headersPtr, int headersSize, int grpcStatus);

    /** proxy_http_call: writes the callout token (u32) to {@code tokenPtr}. */
    @Import(module = "env", name = "proxy_http_call")
    static native int proxyHttpCall(int upstreamPtr, int upstreamSize, int headersPtr, int headersSize, int bodyPtr,
            int bodySize, int trailersPtr, int trailersSize, int timeoutMillis, int tokenPtr);

    /** proxy_set_effective_context. */
    @Import(module = "env", name = "proxy_set_effective_context")
    static native int proxySetEffectiveContext(int contextId);

    /** proxy_done. */
    @Import(module = "env", name = "proxy_done")
    static native int proxyDone();

    /** proxy_get_shared_data: the host allocates the value and writes the CAS (u32). */
    @Import(module = "env", name = "proxy_get_shared_data")
    static native int proxyGetSharedData(int keyPtr, int keySize, int returnPtrPtr, int returnSizePtr, int casPtr);

    /** proxy_set_shared_data. */
    @Import(module = "env", name = "proxy_set_shared_data")
    static native int proxySetSharedData(int keyPtr, int keySize, int valuePtr, int valueSize, int cas);

    /** proxy_define_metric: writes the metric id (u32). */
    @Import(module = "env", name = "proxy_define_metric")
    static native int proxyDefineMetric(int metricType, int namePtr, int nameSize, int metricIdPtr);

    /** proxy_increment_metric. */
    @Import(module = "env", name = "proxy_increment_metric")
    static native int proxyIncrementMetric(int metricId, long offset);

    /** proxy_record_metric. */
    @Import(module = "env", name = "proxy_record_metric")
    static native int proxyRecordMetric(int metricId, long value);

    /** proxy_get_metric: writes the value (u64). */
    @Import(module = "env", name = "proxy_get_metric")
    static native int proxyGetMetric(int metricId, int resultPtr);

    /** proxy_call_foreign_function: the host allocates the result. */
    @Import(module = "env", name = "proxy_call_foreign_function")
    static native int proxyCallForeignFunction(int namePtr, int nameSize, int argumentPtr, int argumentSize,
            int returnPtrPtr, int returnSizePtr);

    /** Higress extension: injects response data into the filters after this one (used by streaming plugins). */
    @Import(module = "env", name = "proxy_inject_encoded_data_to_filter_chain")
    static native int proxyInjectEncodedDataToFilterChain(int dataPtr, int dataSize, int endOfStream);

    /** Higress extension: the hosts of the current request's cluster, as serialized (address, info) pairs. */
    @Import(module = "env", name = "proxy_get_upstream_hosts")
    static native int proxyGetUpstreamHosts(int returnPtrPtr, int returnSizePtr);

    /** Higress extension: sends the current request to this {@code ip:port} of its cluster. */
    @Import(module = "env", name = "proxy_set_upstream_override_host")
    static native int proxySetUpstreamOverrideHost(int addressPtr, int addressSize);

    /** proxy_register_shared_queue. */
    @Import(module = "env", name = "proxy_register_shared_queue")
    static native int proxyRegisterSharedQueue(int namePtr, int nameSize, int tokenPtr);

    /** proxy_resolve_shared_queue. */
    @Import(module = "env", name = "proxy_resolve_shared_queue")
    static native int proxyResolveSharedQueue(int vmIdPtr, int vmIdSize, int namePtr, int nameSize, int tokenPtr);

    /** proxy_enqueue_shared_queue. */
    @Import(module = "env", name = "proxy_enqueue_shared_queue")
    static native int proxyEnqueueSharedQueue(int token, int dataPtr, int dataSize);

    /** proxy_dequeue_shared_queue: the host allocates the entry. */
    @Import(module = "env", name = "proxy_dequeue_shared_queue")
    static native int proxyDequeueSharedQueue(int token, int returnPtrPtr, int returnSizePtr);
}
