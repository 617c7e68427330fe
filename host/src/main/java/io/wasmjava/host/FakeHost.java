package io.wasmjava.host;

import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.HigressLogLevel;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.core.host.MapType;
import io.wasmjava.core.host.MetricType;
import io.wasmjava.core.host.StreamType;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link Host} over a {@link HostEmulator}, for running a plugin's Java code on the JVM. It maps statuses exactly as
 * the SDK's Wasm host does, so a plugin behaves the same in both modes: {@code NOT_FOUND} becomes null (or empty where
 * {@link Host} says so), {@code CAS_MISMATCH} on a shared-data write becomes {@code false}, and every other failure
 * is thrown as {@link HostStatusException}. Calls the emulator does not model fail loudly: they throw
 * {@code UNIMPLEMENTED} and are recorded in {@link HostEmulator#problems()}, which {@link PluginInstance} reports as a
 * test failure.
 */
public final class FakeHost implements Host {
    private final HostEmulator host;

    /**
     * @throws NullPointerException if {@code host} is null
     */
    public FakeHost(HostEmulator host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    /** The emulator this fake reads and writes. */
    public HostEmulator emulator() {
        return host;
    }

    @Override
    public void log(LogLevel level, String message) {
        host.log(level, message);
    }

    @Override
    public LogLevel logLevel() {
        try {
            LogLevel level = HigressLogLevel.decode(host.callForeignFunction(HigressLogLevel.FUNCTION, new byte[0]));
            if (level != null) {
                return level;
            }
        } catch (HostStatusException e) {
            // As the Wasm host: a failing get_log_level falls back to proxy_get_log_level.
        }
        return host.logLevel();
    }

    @Override
    public long currentTimeNanos() {
        return host.currentTimeNanos();
    }

    @Override
    public Headers headers(MapType type) {
        return orOnStatus(HostStatus.NOT_FOUND, Headers.empty(), () -> host.headers(type));
    }

    @Override
    public String header(MapType type, String name) {
        return orOnStatus(HostStatus.NOT_FOUND, null, () -> host.header(type, name));
    }

    @Override
    public void addHeader(MapType type, String name, String value) {
        host.addHeader(type, name, value);
    }

    @Override
    public void replaceHeader(MapType type, String name, String value) {
        host.replaceHeader(type, name, value);
    }

    @Override
    public void removeHeader(MapType type, String name) {
        host.removeHeader(type, name);
    }

    @Override
    public void setHeaders(MapType type, Headers headers) {
        host.setHeaders(type, headers);
    }

    @Override
    public byte[] buffer(BufferType type, int start, int maxSize) {
        byte[] bytes = host.buffer(type, start, maxSize);
        return bytes == null ? new byte[0] : bytes;
    }

    @Override
    public void setBuffer(BufferType type, int start, int length, byte[] data) {
        host.setBuffer(type, start, length, data);
    }

    @Override
    public byte[] property(List<String> path) {
        return host.property(path);
    }

    @Override
    public void setProperty(List<String> path, byte[] value) {
        host.setProperty(path, value);
    }

    @Override
    public void continueStream(StreamType stream) {
        host.continueStream(stream);
    }

    @Override
    public void sendLocalResponse(int statusCode, String details, byte[] body, Headers headers, int grpcStatus) {
        host.sendLocalResponse(statusCode, details, body, headers, grpcStatus);
    }

    @Override
    public void setEffectiveContext(int contextId) {
        host.setEffectiveContext(contextId);
    }

    @Override
    public void setTickPeriodMillis(int periodMillis) {
        host.setTickPeriodMillis(periodMillis);
    }

    @Override
    public int dispatchHttpCall(String cluster, Headers headers, byte[] body, Headers trailers, int timeoutMillis) {
        return host.dispatchHttpCall(cluster, headers, body, trailers, timeoutMillis);
    }

    @Override
    public void redisInit(String cluster, String username, String password, int timeoutMillis) {
        host.redisInit(cluster, nullToEmpty(username), nullToEmpty(password), timeoutMillis);
    }

    @Override
    public int dispatchRedisCall(String cluster, byte[] query) {
        return host.dispatchRedisCall(cluster, query);
    }

    @Override
    public SharedData sharedData(String key) {
        return host.sharedData(key);
    }

    @Override
    public boolean setSharedData(String key, byte[] value, int cas) {
        return orOnStatus(HostStatus.CAS_MISMATCH, false, () -> {
            host.setSharedData(key, value, cas);
            return true;
        });
    }

    @Override
    public int defineMetric(MetricType type, String name) {
        return host.defineMetric(type, name);
    }

    @Override
    public void incrementMetric(int metricId, long offset) {
        host.incrementMetric(metricId, offset);
    }

    @Override
    public void recordMetric(int metricId, long value) {
        host.recordMetric(metricId, value);
    }

    @Override
    public long metric(int metricId) {
        return host.metric(metricId);
    }

    @Override
    public byte[] callForeignFunction(String name, byte[] argument) {
        return host.callForeignFunction(name, argument);
    }

    @Override
    public void injectEncodedData(byte[] data, boolean endOfStream) {
        host.injectEncodedData(data, endOfStream);
    }

    @Override
    public Headers upstreamHosts() {
        return host.upstreamHosts();
    }

    @Override
    public void setUpstreamOverrideHost(String address) {
        host.setUpstreamOverrideHost(address);
    }

    @Override
    public int registerSharedQueue(String name) {
        return host.registerSharedQueue(name);
    }

    @Override
    public int resolveSharedQueue(String vmId, String name) {
        return host.resolveSharedQueue(vmId, name);
    }

    @Override
    public boolean enqueueSharedQueue(int queueId, byte[] data) {
        return orOnStatus(HostStatus.NOT_FOUND, false, () -> {
            host.enqueueSharedQueue(queueId, data);
            return true;
        });
    }

    @Override
    public byte[] dequeueSharedQueue(int queueId) {
        return orOnStatus(HostStatus.NOT_FOUND, null, () -> host.dequeueSharedQueue(queueId));
    }

    @Override
    public void done() {
        host.done();
    }

    /**
     * Runs {@code call}, with the value the Wasm host maps {@code status} to, {@code fallback}, if it fails with that
     * status; any other failure propagates.
     */
    private static <T> T orOnStatus(HostStatus status, T fallback, Supplier<T> call) {
        try {
            return call.get();
        } catch (HostStatusException e) {
            if (e.status() == status) {
                return fallback;
            }
            throw e;
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
