package io.wasmjava.devserver;

import io.wasmjava.devserver.GatewayConfig.ClusterAddress;
import io.wasmjava.host.RedisBridge;
import io.wasmjava.host.RedisInit;
import io.wasmjava.host.RedisPipeline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Connections to real Redis servers for the plugins' {@code proxy_redis_call}s, as Higress's Envoy keeps them: one
 * pipelined connection per worker, server and {@code proxy_redis_init} settings ({@code AsyncClientImpl} has one
 * client per cluster and worker thread, one connection per host). Each is a test-kit {@link RedisPipeline}: commands
 * are written as they come, buffered by the init string's {@code buffer_flush_timeout} and
 * {@code max_buffer_size_before_flush} (Higress's defaults 3 ms and 1024 bytes), replies matched in order; the init's
 * timeout is the op timeout, after which the connection is closed and every command pending on it fails; a lost
 * connection fails its pending commands and the next command reconnects (AUTH, SELECT of the init's {@code db}).
 *
 * <p>So a slow command delays the commands behind it on the same worker's connection (replies are in order) but
 * not those of other workers; as in Envoy, its cost is bounded by the op timeout.
 */
final class RedisLinks implements AutoCloseable {
    /** The op timeout when a plugin calls without {@code proxy_redis_init} (Higress's plugins default to 1000 too). */
    static final int DEFAULT_TIMEOUT_MILLIS = 1000;

    /**
     * The status a failed call reaches the plugin with: Higress's Envoy answers {@code onRedisCallFailure} with
     * {@code RedisStatus::NetworkError} (1, {@code proxy_wasm_enums.h}) and an empty response.
     */
    static final int NETWORK_ERROR_STATUS = 1;

    private record Key(int worker, String host, int port, String username, String password, int database,
            int timeoutMillis, int bufferFlushTimeoutMillis, int maxBufferSizeBeforeFlush) {
    }

    private final Map<Key, RedisPipeline> links = new ConcurrentHashMap<>();
    private final Consumer<String> warnings;
    private volatile boolean closed;

    /** @param warnings receives what goes wrong outside any one command (a rejected AUTH or SELECT) */
    RedisLinks(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /**
     * Sends {@code query} (raw RESP) for a plugin on {@code worker}; completes with the raw reply (an {@code -ERR}
     * reply is a reply), or exceptionally with the reason the call failed (see {@link RedisPipeline#send}).
     */
    CompletableFuture<byte[]> send(int worker, ClusterAddress address, RedisInit init, byte[] query) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the gateway is closing"));
        }
        String cluster = init == null ? "" : init.cluster();
        int database;
        try {
            database = init == null ? 0 : RedisBridge.database(cluster);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        int timeout = init == null || init.timeoutMillis() <= 0 ? DEFAULT_TIMEOUT_MILLIS : init.timeoutMillis();
        Key key = new Key(worker, address.host(), address.port(), init == null ? "" : init.username(),
                init == null ? "" : init.password(), database, timeout,
                parameter(cluster, "buffer_flush_timeout", RedisPipeline.Settings.DEFAULT_BUFFER_FLUSH_TIMEOUT_MILLIS),
                parameter(cluster, "max_buffer_size_before_flush",
                        RedisPipeline.Settings.DEFAULT_MAX_BUFFER_SIZE_BEFORE_FLUSH));
        RedisPipeline pipeline;
        try {
            pipeline = links.computeIfAbsent(key, this::open);
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e.getCause() == null ? e : e.getCause());
        }
        return pipeline.send(query);
    }

    private RedisPipeline open(Key key) {
        try {
            return RedisPipeline.create(new InetSocketAddress(key.host(), key.port()),
                    new RedisPipeline.Settings(key.username(), key.password(), key.database(), key.timeoutMillis(),
                            RedisPipeline.Settings.DEFAULT_CONNECT_TIMEOUT_MILLIS, key.bufferFlushTimeoutMillis(),
                            key.maxBufferSizeBeforeFlush()),
                    warnings, "devserver-redis-w" + key.worker() + "-" + key.host() + ":" + key.port());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A numeric parameter of a Higress init cluster string ({@code outbound|6379||redis.static?db=1&...}), read as
     * Envoy's {@code AsyncClientConfig::parseUint32FromParams} does: absent, or not a decimal number that fits in
     * 32 bits, gives {@code defaultValue}. (Values past {@code Integer.MAX_VALUE} are clamped to it.)
     */
    static int parameter(String initCluster, String name, int defaultValue) {
        int question = initCluster.indexOf('?');
        if (question < 0) {
            return defaultValue;
        }
        for (String parameter : initCluster.substring(question + 1).split("&")) {
            if (parameter.startsWith(name + "=")) {
                String value = parameter.substring(name.length() + 1);
                if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return defaultValue;
                }
                long number = Long.parseLong(value);
                return number > 0xFFFFFFFFL ? defaultValue : (int) Math.min(Integer.MAX_VALUE, number);
            }
        }
        return defaultValue;
    }

    @Override
    public void close() {
        closed = true;
        for (RedisPipeline link : links.values()) {
            link.close();
        }
        links.clear();
    }
}
