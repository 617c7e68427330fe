package io.wasmjava.core.host;

import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import java.util.List;

/**
 * Every host call the SDK makes, in Java types. Implementations: the Wasm host over the proxy-wasm 0.2.1 imports
 * (plus Higress's Redis extension), and the test kit's in-memory fake. Plugin code never sees this interface; it
 * uses contexts and clients.
 *
 * <p>Status mapping: {@code NOT_FOUND} becomes {@code null} (or an empty value where stated); any other status
 * other than {@code OK} throws {@link HostStatusException} naming the ABI function. All arguments are non-null
 * unless stated.
 */
public interface Host {
    /** {@code proxy_log}. */
    void log(LogLevel level, String message);

    /**
     * The host's log level: Higress's {@code get_log_level} foreign function (see {@link HigressLogLevel}) where the
     * host registers it, else {@code proxy_get_log_level}; hosts that implement neither are treated as
     * {@link LogLevel#TRACE}. Never throws.
     */
    LogLevel logLevel();

    /** Wall-clock time in nanoseconds since the epoch. */
    long currentTimeNanos();

    /** {@code proxy_get_header_map_pairs}; empty if the map does not exist in the current phase. */
    Headers headers(MapType type);

    /**
     * The first value of each of {@code names} (ASCII case-insensitive), null where absent: what the SDK caches from
     * every request's headers. Implementations may avoid decoding the headers that were not asked for.
     */
    default String[] headerValues(MapType type, String[] names) {
        Headers headers = headers(type);
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = headers.value(names[i]);
        }
        return values;
    }

    /** {@code proxy_get_header_map_value}: the first value of {@code name}, or null if absent. */
    String header(MapType type, String name);

    /** {@code proxy_add_header_map_value}. */
    void addHeader(MapType type, String name, String value);

    /** {@code proxy_replace_header_map_value}: sets {@code name}, replacing every existing value. */
    void replaceHeader(MapType type, String name, String value);

    /** {@code proxy_remove_header_map_value}. */
    void removeHeader(MapType type, String name);

    /** {@code proxy_set_header_map_pairs}: replaces the whole map. */
    void setHeaders(MapType type, Headers headers);

    /**
     * {@code proxy_get_buffer_bytes}: up to {@code maxSize} bytes from {@code start}. Returns an empty array when the
     * buffer is empty or missing. The caller owns the returned array.
     */
    byte[] buffer(BufferType type, int start, int maxSize);

    /** {@code proxy_set_buffer_bytes}: replaces {@code length} bytes at {@code start} with {@code data}. */
    void setBuffer(BufferType type, int start, int length, byte[] data);

    /** {@code proxy_get_property}: the raw value, or null if the property does not exist. */
    byte[] property(List<String> path);

    /**
     * {@code proxy_set_property}. Implementations only read {@code value}, during the call (callers may pass shared
     * constants), and copy it if they keep it.
     */
    void setProperty(List<String> path, byte[] value);

    /** {@code proxy_continue_stream}. */
    void continueStream(StreamType stream);

    /** {@code proxy_send_local_response}; {@code grpcStatus} is -1 for plain HTTP. */
    void sendLocalResponse(int statusCode, String details, byte[] body, Headers headers, int grpcStatus);

    /** {@code proxy_set_effective_context}. */
    void setEffectiveContext(int contextId);

    /** {@code proxy_set_tick_period_milliseconds}; 0 stops ticks. */
    void setTickPeriodMillis(int periodMillis);

    /**
     * {@code proxy_http_call}: dispatches a call and returns its callout token. Host refusals (e.g. an unknown
     * cluster: {@code BAD_ARGUMENT}) throw {@link HostStatusException}; then no response will ever arrive.
     */
    int dispatchHttpCall(String cluster, Headers headers, byte[] body, Headers trailers, int timeoutMillis);

    /** Higress {@code proxy_redis_init}; a non-OK status throws {@link HostStatusException}. */
    void redisInit(String cluster, String username, String password, int timeoutMillis);

    /**
     * Higress {@code proxy_redis_call}: sends one RESP-encoded command and returns its callout token; a non-OK status
     * throws {@link HostStatusException}.
     */
    int dispatchRedisCall(String cluster, byte[] query);

    /** {@code proxy_get_shared_data}: the value and CAS, or null if the key does not exist. */
    SharedData sharedData(String key);

    /**
     * {@code proxy_set_shared_data}; {@code cas} 0 writes unconditionally. Returns false on a CAS mismatch.
     */
    boolean setSharedData(String key, byte[] value, int cas);

    /** {@code proxy_define_metric}: returns the metric id. */
    int defineMetric(MetricType type, String name);

    /** {@code proxy_increment_metric}. */
    void incrementMetric(int metricId, long offset);

    /** {@code proxy_record_metric}. */
    void recordMetric(int metricId, long value);

    /** {@code proxy_get_metric}. */
    long metric(int metricId);

    /**
     * {@code proxy_call_foreign_function}: the result bytes (empty if none), or null if the host has no function
     * of that name.
     */
    byte[] callForeignFunction(String name, byte[] argument);

    /**
     * Higress {@code proxy_inject_encoded_data_to_filter_chain}: sends {@code data} to the response filters after
     * this one. A non-OK status (e.g. {@code UNIMPLEMENTED} on a host without the extension) throws
     * {@link HostStatusException}.
     */
    void injectEncodedData(byte[] data, boolean endOfStream);

    /**
     * Higress {@code proxy_get_upstream_hosts}: the current request's cluster hosts as (address, info) pairs, empty if
     * none. A non-OK status other than NOT_FOUND throws {@link HostStatusException}.
     */
    Headers upstreamHosts();

    /** Higress {@code proxy_set_upstream_override_host}: routes the current request to {@code address}. */
    void setUpstreamOverrideHost(String address);

    /** {@code proxy_register_shared_queue}: the queue's token (the same for a name registered again). */
    int registerSharedQueue(String name);

    /** {@code proxy_resolve_shared_queue}: the queue's token, or 0 if no such queue is registered. */
    int resolveSharedQueue(String vmId, String name);

    /** {@code proxy_enqueue_shared_queue}: false if no queue has this token. */
    boolean enqueueSharedQueue(int queueId, byte[] data);

    /** {@code proxy_dequeue_shared_queue}: the oldest entry, or null if the queue is empty or does not exist. */
    byte[] dequeueSharedQueue(int queueId);

    /** {@code proxy_done}: tells the host a root context finished its asynchronous shutdown work. */
    void done();

    /**
     * A value from the host's shared key-value store with its compare-and-swap version.
     *
     * @param value the stored bytes; the caller owns the array
     * @param cas the version to pass to {@link Host#setSharedData} for a compare-and-swap write
     */
    record SharedData(byte[] value, int cas) {
    }
}
