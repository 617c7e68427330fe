package io.wasmjava.core.runtime;

import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.core.host.MapType;
import io.wasmjava.core.host.MetricType;
import io.wasmjava.core.host.StreamType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory {@link Host} for core's own tests (the test kit depends on core, so it cannot be used here). Stream
 * header maps and bodies are kept per context and follow the effective context, as in Envoy; the configuration, the
 * callout response and properties are shared. Every change a plugin makes to a stream is also recorded, in order, as
 * text ({@code "2 add HTTP_REQUEST_HEADERS x-a: 1"}, {@code "2 resume REQUEST"}); calls it does not model fail the
 * test.
 */
public final class RecordingHost implements Host {
    /** Log records as {@code {level, message}}. */
    public final List<String[]> logs = new ArrayList<>();
    /** What the plugin did to streams, in order. */
    public final List<String> streamActions = new ArrayList<>();
    /** Every read of a stream's whole header map, as {@code "<effective context> <map type>"}, in order. */
    public final List<String> headerMapReads = new ArrayList<>();
    /** Pending HTTP callouts: token to cluster. */
    public final Map<Integer, String> calls = new LinkedHashMap<>();
    public final Map<List<String>, byte[]> properties = new HashMap<>();
    public int effective;
    /** What {@link #logLevel()} answers; the host itself keeps every message. */
    public LogLevel level = LogLevel.TRACE;
    public long nowNanos = 1_700_000_000_000L * 1_000_000L;
    public int tickPeriodMillis;
    public byte[] configuration = new byte[0];
    public Headers calloutHeaders = Headers.empty();
    public byte[] calloutBody = new byte[0];
    private final Map<String, Headers> maps = new HashMap<>();
    private final Map<String, byte[]> bodies = new HashMap<>();
    private int nextToken;
    /** Shared data, with Envoy's semantics (the host module's {@code SharedDataStore} is out of core's reach). */
    public final Map<String, SharedData> shared = new HashMap<>();
    private int lastCas;
    /** Runs once, just before the next shared-data write: another VM's write between a read and a write. */
    public Runnable beforeSharedWrite;
    /** Refuses a write with a version to a missing key, as proxy-wasm-java-host's SimpleSharedDataHandler does. */
    public boolean refuseVersionForMissingKey;
    /** Makes both shared-data calls fail with UNIMPLEMENTED, as a host without shared data does. */
    public boolean sharedDataUnimplemented;
    /**
     * Metric calls, in order, as {@code "<method> <arguments>"}: {@code "defineMetric COUNTER requests"},
     * {@code "incrementMetric 4 1"}, {@code "recordMetric 8 9"}, {@code "metric 4"}. A refused call is recorded too.
     */
    public final List<String> metricCalls = new ArrayList<>();
    /**
     * The metric calls, by method name ({@code "defineMetric"}, {@code "incrementMetric"}, {@code "recordMetric"},
     * {@code "metric"}), that fail with UNIMPLEMENTED, as on a host that refuses them.
     */
    public final Set<String> refusedMetricCalls = new HashSet<>();
    /** What {@link #metric} answers. */
    public long metricValue;
    private int lastMetricId;

    /** Sets a header map of stream {@code contextId}, as the host has it before a callback. */
    public void headers(int contextId, MapType type, Headers headers) {
        maps.put(contextId + " " + type, headers);
    }

    /** Sets the body buffer of stream {@code contextId}. */
    public void body(int contextId, BufferType type, String body) {
        bodies.put(contextId + " " + type, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A header map of stream {@code contextId} as it is now; empty if never set. */
    public Headers headersOf(int contextId, MapType type) {
        return maps.getOrDefault(contextId + " " + type, Headers.empty());
    }

    /** The messages logged at exactly {@code level}, in order. */
    public List<String> logs(LogLevel level) {
        return logs.stream().filter(record -> record[0].equals(level.name())).map(record -> record[1]).toList();
    }

    @Override
    public void log(LogLevel level, String message) {
        logs.add(new String[] {level.name(), message});
    }

    @Override
    public LogLevel logLevel() {
        return level;
    }

    @Override
    public Headers headers(MapType type) {
        headerMapReads.add(effective + " " + type);
        return type == MapType.HTTP_CALL_RESPONSE_HEADERS ? calloutHeaders : headersOf(effective, type);
    }

    @Override
    public String header(MapType type, String name) {
        // One value, not the whole map: not a header-map read.
        return (type == MapType.HTTP_CALL_RESPONSE_HEADERS ? calloutHeaders : headersOf(effective, type)).value(name);
    }

    @Override
    public long currentTimeNanos() {
        return nowNanos;
    }

    @Override
    public void addHeader(MapType type, String name, String value) {
        streamActions.add(effective + " add " + type + " " + name + ": " + value);
        headers(effective, type, headersOf(effective, type).newBuilder().add(name, value).build());
    }

    @Override
    public void replaceHeader(MapType type, String name, String value) {
        streamActions.add(effective + " replace " + type + " " + name + ": " + value);
        headers(effective, type, headersOf(effective, type).newBuilder().set(name, value).build());
    }

    @Override
    public void removeHeader(MapType type, String name) {
        streamActions.add(effective + " remove " + type + " " + name);
        headers(effective, type, headersOf(effective, type).newBuilder().remove(name).build());
    }

    @Override
    public byte[] buffer(BufferType type, int start, int maxSize) {
        byte[] all;
        if (type == BufferType.PLUGIN_CONFIGURATION) {
            all = configuration;
        } else if (type == BufferType.HTTP_CALL_RESPONSE_BODY) {
            all = calloutBody;
        } else {
            all = bodies.getOrDefault(effective + " " + type, new byte[0]);
        }
        return Arrays.copyOfRange(all, start, Math.min(all.length, start + maxSize));
    }

    @Override
    public void setBuffer(BufferType type, int start, int length, byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        streamActions.add(effective + " set " + type + " " + text);
        body(effective, type, text);
    }

    @Override
    public byte[] property(List<String> path) {
        return properties.get(path);
    }

    @Override
    public void setProperty(List<String> path, byte[] value) {
        streamActions.add(effective + " property " + String.join(".", path) + "="
                + new String(value, StandardCharsets.UTF_8));
        properties.put(List.copyOf(path), value);
    }

    @Override
    public void continueStream(StreamType stream) {
        streamActions.add(effective + " resume " + stream);
    }

    @Override
    public void sendLocalResponse(int statusCode, String details, byte[] body, Headers headers, int grpcStatus) {
        streamActions.add(effective + " local " + statusCode + (details.isEmpty() ? "" : " (" + details + ")") + " "
                + new String(body, StandardCharsets.UTF_8) + (headers.isEmpty() ? "" : " " + headers));
    }

    @Override
    public void setEffectiveContext(int contextId) {
        effective = contextId;
    }

    @Override
    public void setTickPeriodMillis(int periodMillis) {
        tickPeriodMillis = periodMillis;
    }

    @Override
    public int dispatchHttpCall(String cluster, Headers headers, byte[] body, Headers trailers, int timeoutMillis) {
        nextToken += 4;
        calls.put(nextToken, cluster);
        return nextToken;
    }

    @Override
    public void setHeaders(MapType type, Headers headers) {
        throw unexpected("setHeaders");
    }

    @Override
    public void redisInit(String cluster, String username, String password, int timeoutMillis) {
        throw unexpected("redisInit");
    }

    @Override
    public int dispatchRedisCall(String cluster, byte[] query) {
        throw unexpected("dispatchRedisCall");
    }

    @Override
    public SharedData sharedData(String key) {
        if (sharedDataUnimplemented) {
            throw new HostStatusException("proxy_get_shared_data", HostStatus.UNIMPLEMENTED.code());
        }
        SharedData value = shared.get(key);
        return value == null ? null : new SharedData(value.value().clone(), value.cas());
    }

    /** Envoy's rules: a missing key is inserted whatever {@code cas}; every write takes the next version. */
    @Override
    public boolean setSharedData(String key, byte[] value, int cas) {
        Runnable race = beforeSharedWrite;
        beforeSharedWrite = null;
        if (race != null) {
            race.run();
        }
        SharedData current = shared.get(key);
        if (current != null && cas != 0 && cas != current.cas()) {
            return false;
        }
        if (current == null && cas != 0 && refuseVersionForMissingKey) {
            return false;
        }
        shared.put(key, new SharedData(value.clone(), ++lastCas));
        return true;
    }

    /** Ids 4, 8, 12, ... in the order of definition, like the callout tokens. */
    @Override
    public int defineMetric(MetricType type, String name) {
        metricCall("defineMetric", "proxy_define_metric", type + " " + name);
        lastMetricId += 4;
        return lastMetricId;
    }

    @Override
    public void incrementMetric(int metricId, long offset) {
        metricCall("incrementMetric", "proxy_increment_metric", metricId + " " + offset);
    }

    @Override
    public void recordMetric(int metricId, long value) {
        metricCall("recordMetric", "proxy_record_metric", metricId + " " + value);
    }

    /** Answers {@link #metricValue} for any id: the host keeps no values. */
    @Override
    public long metric(int metricId) {
        metricCall("metric", "proxy_get_metric", String.valueOf(metricId));
        return metricValue;
    }

    /** Records a metric call; throws if the test made the host refuse {@code method}. */
    private void metricCall(String method, String operation, String arguments) {
        metricCalls.add(method + " " + arguments);
        if (refusedMetricCalls.contains(method)) {
            throw new HostStatusException(operation, HostStatus.UNIMPLEMENTED.code());
        }
    }

    @Override
    public byte[] callForeignFunction(String name, byte[] argument) {
        throw unexpected("callForeignFunction");
    }

    @Override
    public void injectEncodedData(byte[] data, boolean endOfStream) {
        throw unexpected("injectEncodedData");
    }

    @Override
    public Headers upstreamHosts() {
        throw unexpected("upstreamHosts");
    }

    @Override
    public void setUpstreamOverrideHost(String address) {
        throw unexpected("setUpstreamOverrideHost");
    }

    @Override
    public int registerSharedQueue(String name) {
        throw unexpected("registerSharedQueue");
    }

    @Override
    public int resolveSharedQueue(String vmId, String name) {
        throw unexpected("resolveSharedQueue");
    }

    @Override
    public boolean enqueueSharedQueue(int queueId, byte[] data) {
        throw unexpected("enqueueSharedQueue");
    }

    @Override
    public byte[] dequeueSharedQueue(int queueId) {
        throw unexpected("dequeueSharedQueue");
    }

    @Override
    public void done() {
        throw unexpected("done");
    }

    private static AssertionError unexpected(String call) {
        return new AssertionError("the test host does not model " + call);
    }
}
