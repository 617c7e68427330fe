package io.wasmjava.core.abi;

import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.PayloadTooLargeException;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.HigressLogLevel;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.core.host.MapType;
import io.wasmjava.core.host.MetricType;
import io.wasmjava.core.host.StreamType;
import java.util.List;

/**
 * {@link Host} over the proxy-wasm imports. Every out-parameter array is a local that is read after the call, which
 * keeps it live (and unmovable) while the host may re-enter the module; see {@link Memory}.
 */
final class WasmHost implements Host {
    private static final int OK = 0;
    private static final int NOT_FOUND = 1;
    private static final int EMPTY = 7;
    private static final int CAS_MISMATCH = 8;
    private static final byte[] NO_BYTES = new byte[0];
    private static final byte[] GET_LOG_LEVEL = Utf8.encode(HigressLogLevel.FUNCTION);

    /** The names of the last {@link #headerValues} call and their selector: the SDK asks with one constant array. */
    private String[] selectedNames;
    private HeaderMapCodec.Selector selector;
    /** The last callout cluster and property path and their bytes: plugins use the same few again and again. */
    private String lastCluster;
    private byte[] lastClusterBytes;
    private String[] lastPath;
    private byte[] lastPathBytes;
    /** Set once {@code get_log_level} answered NOT_FOUND: the host is not Higress, so ask only proxy_get_log_level. */
    private boolean noHigressLogLevel;

    @Override
    public void log(LogLevel level, String message) {
        byte[] bytes = utf8(message);
        ProxyWasmImports.proxyLog(level.code(), Memory.address(bytes), bytes.length);
        Memory.keep(bytes);
    }

    /**
     * Not through {@link #callForeignFunction}: its exceptions on this per-log-call path cost about 0.8 KB in every
     * module, and catching both of them here made TeaVM 0.13.1 emit a module that fails validation.
     */
    @Override
    public LogLevel logLevel() {
        int[] out = new int[2];
        if (!noHigressLogLevel) {
            // Higress's level (get_log_level) where the host has it; one host call per log call either way.
            byte[] name = GET_LOG_LEVEL;
            int status = ProxyWasmImports.proxyCallForeignFunction(Memory.address(name), name.length, 0, 0,
                    Memory.address(out), Memory.address(out) + 4);
            Memory.keep(name);
            int pointer = out[0];
            int size = out[1];
            if (status == OK) {
                LogLevel level = HigressLogLevel.decode(Memory.take(pointer, size));
                if (level != null) {
                    return level;
                }
            }
            // NOT_FOUND: not Higress, so never ask again; any other failure: proxy_get_log_level this time. A
            // failure may be the heap refusing the reply: forget that refusal, or the next failing call that copies
            // data out would be reported as too large with this call's size.
            Memory.takeRefusal(HigressLogLevel.FUNCTION);
            noHigressLogLevel = status == NOT_FOUND;
        }
        int status = ProxyWasmImports.proxyGetLogLevel(Memory.address(out));
        int level = out[0];
        return status == OK ? LogLevel.of(level) : LogLevel.TRACE;
    }

    @Override
    public long currentTimeNanos() {
        long[] out = new long[1];
        int status = ProxyWasmImports.proxyGetCurrentTimeNanoseconds(Memory.address(out));
        long nanos = out[0];
        check("proxy_get_current_time_nanoseconds", status);
        return nanos;
    }

    @Override
    public Headers headers(MapType type) {
        byte[] map = headerMap(type);
        return map == null ? Headers.empty() : HeaderMapCodec.decode(map);
    }

    @Override
    public String[] headerValues(MapType type, String[] names) {
        if (names != selectedNames) {
            selector = new HeaderMapCodec.Selector(names);
            selectedNames = names;
        }
        byte[] map = headerMap(type);
        return map == null ? new String[names.length] : selector.select(map);
    }

    /** The serialized map from {@code proxy_get_header_map_pairs}, or null if the map does not exist now. */
    private byte[] headerMap(MapType type) {
        int[] out = new int[2];
        int status = ProxyWasmImports.proxyGetHeaderMapPairs(type.code(), Memory.address(out),
                Memory.address(out) + 4);
        int pointer = out[0];
        int size = out[1];
        if (status == NOT_FOUND) {
            return null;
        }
        checkCopy("proxy_get_header_map_pairs", status);
        return Memory.take(pointer, size);
    }

    @Override
    public String header(MapType type, String name) {
        byte[] key = utf8(name);
        int[] out = new int[2];
        int status = ProxyWasmImports.proxyGetHeaderMapValue(type.code(), Memory.address(key), key.length,
                Memory.address(out), Memory.address(out) + 4);
        Memory.keep(key);
        int pointer = out[0];
        int size = out[1];
        if (status == NOT_FOUND) {
            return null;
        }
        checkCopy("proxy_get_header_map_value", status);
        return Utf8.decode(Memory.take(pointer, size));
    }

    @Override
    public void addHeader(MapType type, String name, String value) {
        byte[] key = utf8(name);
        byte[] bytes = utf8(value);
        int status = ProxyWasmImports.proxyAddHeaderMapValue(type.code(), Memory.address(key), key.length,
                Memory.address(bytes), bytes.length);
        Memory.keep(key);
        Memory.keep(bytes);
        check("proxy_add_header_map_value", status);
    }

    @Override
    public void replaceHeader(MapType type, String name, String value) {
        byte[] key = utf8(name);
        byte[] bytes = utf8(value);
        int status = ProxyWasmImports.proxyReplaceHeaderMapValue(type.code(), Memory.address(key), key.length,
                Memory.address(bytes), bytes.length);
        Memory.keep(key);
        Memory.keep(bytes);
        check("proxy_replace_header_map_value", status);
    }

    @Override
    public void removeHeader(MapType type, String name) {
        byte[] key = utf8(name);
        int status = ProxyWasmImports.proxyRemoveHeaderMapValue(type.code(), Memory.address(key), key.length);
        Memory.keep(key);
        if (status != NOT_FOUND) {
            check("proxy_remove_header_map_value", status);
        }
    }

    @Override
    public void setHeaders(MapType type, Headers headers) {
        byte[] map = HeaderMapCodec.encode(headers);
        int status = ProxyWasmImports.proxySetHeaderMapPairs(type.code(), Memory.address(map), map.length);
        Memory.keep(map);
        check("proxy_set_header_map_pairs", status);
    }

    @Override
    public byte[] buffer(BufferType type, int start, int maxSize) {
        int[] out = new int[2];
        int status = ProxyWasmImports.proxyGetBufferBytes(type.code(), start, maxSize, Memory.address(out),
                Memory.address(out) + 4);
        int pointer = out[0];
        int size = out[1];
        if (status == NOT_FOUND || status == EMPTY) {
            return NO_BYTES;
        }
        checkCopy("proxy_get_buffer_bytes", status);
        return Memory.take(pointer, size);
    }

    @Override
    public void setBuffer(BufferType type, int start, int length, byte[] data) {
        int status = ProxyWasmImports.proxySetBufferBytes(type.code(), start, length, Memory.address(data),
                data.length);
        Memory.keep(data);
        check("proxy_set_buffer_bytes", status);
    }

    @Override
    public byte[] property(List<String> path) {
        byte[] encodedPath = pathBytes(path);
        int[] out = new int[2];
        int status = ProxyWasmImports.proxyGetProperty(Memory.address(encodedPath), encodedPath.length,
                Memory.address(out), Memory.address(out) + 4);
        Memory.keep(encodedPath);
        int pointer = out[0];
        int size = out[1];
        if (status == NOT_FOUND) {
            return null;
        }
        checkCopy("proxy_get_property", status);
        return Memory.take(pointer, size);
    }

    @Override
    public void setProperty(List<String> path, byte[] value) {
        byte[] encodedPath = pathBytes(path);
        int status = ProxyWasmImports.proxySetProperty(Memory.address(encodedPath), encodedPath.length,
                Memory.address(value), value.length);
        Memory.keep(encodedPath);
        Memory.keep(value);
        check("proxy_set_property", status);
    }

    @Override
    public void continueStream(StreamType stream) {
        check("proxy_continue_stream", ProxyWasmImports.proxyContinueStream(stream.code()));
    }

    @Override
    public void sendLocalResponse(int statusCode, String details, byte[] body, Headers headers, int grpcStatus) {
        byte[] detailBytes = utf8(details);
        byte[] map = HeaderMapCodec.encode(headers);
        int status = ProxyWasmImports.proxySendLocalResponse(statusCode, Memory.address(detailBytes),
                detailBytes.length, Memory.address(body), body.length, Memory.address(map), map.length, grpcStatus);
        Memory.keep(detailBytes);
        Memory.keep(body);
        Memory.keep(map);
        check("proxy_send_local_response", status);
    }

    @Override
    public void setEffectiveContext(int contextId) {
        check("proxy_set_effective_context", ProxyWasmImports.proxySetEffectiveContext(contextId));
    }

    @Override
    public void setTickPeriodMillis(int periodMillis) {
        check("proxy_set_tick_period_milliseconds", ProxyWasmImports.proxySetTickPeriodMilliseconds(periodMillis));
    }

    @Override
    public int dispatchHttpCall(String cluster, Headers headers, byte[] body, Headers trailers, int timeoutMillis) {
        byte[] upstream = clusterBytes(cluster);
        byte[] headerMap = HeaderMapCodec.encode(headers);
        byte[] trailerMap = HeaderMapCodec.encode(trailers);
        int[] token = new int[1];
        int status = ProxyWasmImports.proxyHttpCall(Memory.address(upstream), upstream.length,
                Memory.address(headerMap), headerMap.length, Memory.address(body), body.length,
                Memory.address(trailerMap), trailerMap.length, timeoutMillis, Memory.address(token));
        Memory.keep(upstream);
        Memory.keep(headerMap);
        Memory.keep(body);
        Memory.keep(trailerMap);
        int id = token[0];
        check("proxy_http_call", status);
        return id;
    }

    @Override
    public void redisInit(String cluster, String username, String password, int timeoutMillis) {
        byte[] clusterBytes = utf8(cluster);
        byte[] user = utf8(username);
        byte[] pass = utf8(password);
        int status = HigressImports.proxyRedisInit(Memory.address(clusterBytes), clusterBytes.length,
                Memory.address(user), user.length, Memory.address(pass), pass.length, timeoutMillis);
        Memory.keep(clusterBytes);
        Memory.keep(user);
        Memory.keep(pass);
        check("proxy_redis_init", status);
    }

    @Override
    public int dispatchRedisCall(String cluster, byte[] query) {
        byte[] clusterBytes = clusterBytes(cluster);
        int[] token = new int[1];
        int status = HigressImports.proxyRedisCall(Memory.address(clusterBytes), clusterBytes.length,
                Memory.address(query), query.length, Memory.address(token));
        Memory.keep(clusterBytes);
        Memory.keep(query);
        int id = token[0];
        check("proxy_redis_call", status);
        return id;
    }

    @Override
    public SharedData sharedData(String key) {
        byte[] keyBytes = utf8(key);
        int[] out = new int[3];
        int status = ProxyWasmImports.proxyGetSharedData(Memory.address(keyBytes), keyBytes.length,
                Memory.address(out), Memory.address(out) + 4, Memory.address(out) + 8);
        Memory.keep(keyBytes);
        int pointer = out[0];
        int size = out[1];
        int cas = out[2];
        if (status == NOT_FOUND) {
            return null;
        }
        checkCopy("proxy_get_shared_data", status);
        return new SharedData(Memory.take(pointer, size), cas);
    }

    @Override
    public boolean setSharedData(String key, byte[] value, int cas) {
        byte[] keyBytes = utf8(key);
        int status = ProxyWasmImports.proxySetSharedData(Memory.address(keyBytes), keyBytes.length,
                Memory.address(value), value.length, cas);
        Memory.keep(keyBytes);
        Memory.keep(value);
        if (status == CAS_MISMATCH) {
            return false;
        }
        check("proxy_set_shared_data", status);
        return true;
    }

    @Override
    public int defineMetric(MetricType type, String name) {
        byte[] nameBytes = utf8(name);
        int[] out = new int[1];
        int status = ProxyWasmImports.proxyDefineMetric(type.code(), Memory.address(nameBytes), nameBytes.length,
                Memory.address(out));
        Memory.keep(nameBytes);
        int id = out[0];
        check("proxy_define_metric", status);
        return id;
    }

    @Override
    public void incrementMetric(int metricId, long offset) {
        check("proxy_increment_metric", ProxyWasmImports.proxyIncrementMetric(metricId, offset));
    }

    @Override
    public void recordMetric(int metricId, long value) {
        check("proxy_record_metric", ProxyWasmImports.proxyRecordMetric(metricId, value));
    }

    @Override
    public long metric(int metricId) {
        long[] out = new long[1];
        int status = ProxyWasmImports.proxyGetMetric(metricId, Memory.address(out));
        long value = out[0];
        check("proxy_get_metric", status);
        return value;
    }

    @Override
    public byte[] callForeignFunction(String name, byte[] argument) {
        byte[] nameBytes = utf8(name);
        int[] out = new int[2];
        int status = ProxyWasmImports.proxyCallForeignFunction(Memory.address(nameBytes), nameBytes.length,
                Memory.address(argument), argument.length, Memory.address(out), Memory.address(out) + 4);
        Memory.keep(nameBytes);
        Memory.keep(argument);
        int pointer = out[0];
        int size = out[1];
        if (status == NOT_FOUND) {
            return null;
        }
        checkCopy("proxy_call_foreign_function", status);
        return Memory.take(pointer, size);
    }

    @Override
    public void injectEncodedData(byte[] data, boolean endOfStream) {
        int status = ProxyWasmImports.proxyInjectEncodedDataToFilterChain(Memory.address(data), data.length,
                endOfStream ? 1 : 0);
        Memory.keep(data);
        check("proxy_inject_encoded_data_to_filter_chain", status);
    }

    @Override
    public Headers upstreamHosts() {
        int[] out = new int[2];
        int status = ProxyWasmImports.proxyGetUpstreamHosts(Memory.address(out), Memory.address(out) + 4);
        int pointer = out[0];
        int size = out[1];
        // Higress answers OK with no data for an empty list; the Go SDK reads that as NOT_FOUND.
        if (status == NOT_FOUND || status == OK && (pointer == 0 || size == 0)) {
            return Headers.empty();
        }
        checkCopy("proxy_get_upstream_hosts", status);
        return HeaderMapCodec.decode(Memory.take(pointer, size));
    }

    @Override
    public void setUpstreamOverrideHost(String address) {
        byte[] bytes = utf8(address);
        int status = ProxyWasmImports.proxySetUpstreamOverrideHost(Memory.address(bytes), bytes.length);
        Memory.keep(bytes);
        check("proxy_set_upstream_override_host", status);
    }

    @Override
    public int registerSharedQueue(String name) {
        byte[] nameBytes = utf8(name);
        int[] out = new int[1];
        int status = ProxyWasmImports.proxyRegisterSharedQueue(Memory.address(nameBytes), nameBytes.length,
                Memory.address(out));
        Memory.keep(nameBytes);
        int token = out[0];
        check("proxy_register_shared_queue", status);
        return token;
    }

    @Override
    public int resolveSharedQueue(String vmId, String name) {
        byte[] vmIdBytes = utf8(vmId);
        byte[] nameBytes = utf8(name);
        int[] out = new int[1];
        int status = ProxyWasmImports.proxyResolveSharedQueue(Memory.address(vmIdBytes), vmIdBytes.length,
                Memory.address(nameBytes), nameBytes.length, Memory.address(out));
        Memory.keep(vmIdBytes);
        Memory.keep(nameBytes);
        int token = out[0];
        if (status == NOT_FOUND) {
            return 0;
        }
        check("proxy_resolve_shared_queue", status);
        return token;
    }

    @Override
    public boolean enqueueSharedQueue(int queueId, byte[] data) {
        int status = ProxyWasmImports.proxyEnqueueSharedQueue(queueId, Memory.address(data), data.length);
        Memory.keep(data);
        if (status == NOT_FOUND) {
            return false;
        }
        check("proxy_enqueue_shared_queue", status);
        return true;
    }

    @Override
    public byte[] dequeueSharedQueue(int queueId) {
        int[] out = new int[2];
        int status = ProxyWasmImports.proxyDequeueSharedQueue(queueId, Memory.address(out), Memory.address(out) + 4);
        int pointer = out[0];
        int size = out[1];
        if (status == NOT_FOUND || status == EMPTY) {
            return null;
        }
        checkCopy("proxy_dequeue_shared_queue", status);
        return Memory.take(pointer, size);
    }

    @Override
    public void done() {
        check("proxy_done", ProxyWasmImports.proxyDone());
    }

    /**
     * {@link #check} for a host function that copies a result into the module: a failure caused by
     * {@link Memory#allocate} refusing the block is a {@link PayloadTooLargeException}.
     */
    private static void checkCopy(String function, int status) {
        PayloadTooLargeException refused = Memory.takeRefusal(function);
        if (status != OK && refused != null) {
            throw refused;
        }
        check(function, status);
    }

    private static void check(String function, int status) {
        if (status != OK) {
            throw new HostStatusException(function, status);
        }
    }

    /** The UTF-8 bytes of {@code cluster}, reused while the same String instance comes again; never modified. */
    private byte[] clusterBytes(String cluster) {
        if (cluster != lastCluster) {
            lastClusterBytes = utf8(cluster);
            lastCluster = cluster;
        }
        return lastClusterBytes;
    }

    /** The encoded {@code path}, reused while the same segments come again; never modified. */
    private byte[] pathBytes(List<String> path) {
        String[] last = lastPath;
        if (last != null && last.length == path.size()) {
            boolean same = true;
            for (int i = 0; i < last.length && same; i++) {
                same = last[i].equals(path.get(i));
            }
            if (same) {
                return lastPathBytes;
            }
        }
        byte[] encoded = HeaderMapCodec.encodePath(path);
        // Copied by hand: path.toArray(new String[0]) links TeaVM's reflective array allocation into every module.
        String[] copy = new String[path.size()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = path.get(i);
        }
        lastPath = copy;
        lastPathBytes = encoded;
        return encoded;
    }

    private static byte[] utf8(String value) {
        return value == null || value.isEmpty() ? NO_BYTES : Utf8.encode(value);
    }
}
