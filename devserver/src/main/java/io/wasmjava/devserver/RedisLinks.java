package io.wasmjava.devserver;

import io.wasmjava.devserver.GatewayConfig.ClusterAddress;
import io.wasmjava.testkit.RedisBridge;
import io.wasmjava.testkit.RedisConnection;
import io.wasmjava.testkit.RedisInit;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Connections to real Redis servers for the plugins' {@code proxy_redis_call}s: one per worker, server and
 * credentials, as Envoy keeps a connection pool per worker thread. Each connection has its own I/O thread, so a
 * worker never blocks on Redis: commands queue there and are sent one after another over the test kit's
 * {@link RedisConnection} (AUTH with the init's credentials, SELECT of the init string's {@code db}, the init's
 * timeout on every reply, a new connection after a failure or when the server closed the old one).
 */
final class RedisLinks implements AutoCloseable {
    /** Redis's default when a plugin calls without {@code proxy_redis_init} (Higress's plugins default to 1000 too). */
    static final int DEFAULT_TIMEOUT_MILLIS = 1000;

    private record Key(int worker, String host, int port, String username, String password, int database,
            int timeoutMillis) {
    }

    private final Map<Key, Link> links = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Sends {@code query} (raw RESP) for a plugin on {@code worker}; completes with the raw reply (an {@code -ERR}
     * reply is a reply), or exceptionally if the server cannot be reached or does not answer in time.
     */
    CompletableFuture<byte[]> send(int worker, ClusterAddress address, RedisInit init, byte[] query) {
        int database = init == null ? 0 : RedisBridge.database(init.cluster());
        int timeout = init == null || init.timeoutMillis() <= 0 ? DEFAULT_TIMEOUT_MILLIS : init.timeoutMillis();
        Key key = new Key(worker, address.host(), address.port(), init == null ? "" : init.username(),
                init == null ? "" : init.password(), database, timeout);
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the gateway is closing"));
        }
        return links.computeIfAbsent(key, Link::new).send(query);
    }

    @Override
    public void close() {
        closed = true;
        for (Link link : links.values()) {
            link.close();
        }
        links.clear();
    }

    private static final class Link {
        private final Key key;
        private final ExecutorService io;
        private RedisConnection connection;

        Link(Key key) {
            this.key = key;
            this.io = Executors.newSingleThreadExecutor(Gateway.daemonThreads(
                    "devserver-redis-w" + key.worker() + "-" + key.host() + ":" + key.port()));
        }

        CompletableFuture<byte[]> send(byte[] query) {
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            try {
                io.execute(() -> {
                    try {
                        if (connection == null) {
                            connection = RedisConnection.open(new InetSocketAddress(key.host(), key.port()),
                                    key.username(), key.password(), key.database(), key.timeoutMillis());
                        }
                        reply.complete(connection.send(query));
                    } catch (IOException | RuntimeException e) {
                        reply.completeExceptionally(e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                reply.completeExceptionally(new IOException("the gateway is closing"));
            }
            return reply;
        }

        void close() {
            io.shutdownNow();
            RedisConnection current = connection;
            if (current != null) {
                current.close();
            }
        }
    }
}
