package io.wasmjava.host;

import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.HostStatusException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Higress's Redis calls: the inits, pending calls by token (7, 11, 15, ...), the
 * reply readable during {@code proxy_on_redis_call_response}, and, with a {@link RedisBridge}, the connections to
 * real servers.
 */
final class RedisCalls {
    private final boolean retainHistory;
    final CalloutTable<RedisCallout> table = new CalloutTable<>(3);
    private final List<RedisInit> inits = new ArrayList<>();
    private final Map<String, RedisConnection> connections = new LinkedHashMap<>();
    private final List<String> bridgeErrors = new ArrayList<>();
    private byte[] reply;
    private RedisBridge bridge;

    RedisCalls(boolean retainHistory) {
        this.retainHistory = retainHistory;
    }

    void bridge(RedisBridge newBridge) {
        closeConnections();
        this.bridge = newBridge;
    }

    RedisBridge bridge() {
        return bridge;
    }

    /** Records an init; a bridged cluster gets a new connection (INIT_FAILED_STATUS if it cannot connect). */
    RedisInit init(String cluster, String username, String password, int timeoutMillis) {
        RedisInit init = new RedisInit(cluster, username, password, timeoutMillis);
        if (retainHistory) {
            inits.add(init);
        }
        if (bridge != null && bridge.handles(cluster)) {
            connect(init);
        }
        return init;
    }

    private void connect(RedisInit init) {
        String bare = RedisBridge.bareName(init.cluster());
        RedisConnection previous = connections.remove(bare);
        if (previous != null) {
            previous.close();
        }
        HostStatusException failure;
        try {
            connections.put(bare, bridge.connect(init.cluster(), init.username(), init.password(),
                    init.timeoutMillis()));
            return;
        } catch (IllegalArgumentException e) {
            failure = HostEmulator.status("proxy_redis_init", HostStatus.BAD_ARGUMENT);
            failure.initCause(e);
        } catch (IOException e) {
            failure = new HostStatusException("proxy_redis_init", RedisBridge.INIT_FAILED_STATUS);
            failure.initCause(e);
        }
        bridgeErrors.add("proxy_redis_init " + init.cluster() + ": " + failure.getCause().getMessage());
        throw failure;
    }

    RedisCallout dispatch(String cluster, byte[] query, int contextId) {
        return table.add(token -> new RedisCallout(token, cluster, query, contextId));
    }

    void begin(byte[] newReply) {
        reply = newReply.clone();
    }

    void end() {
        reply = null;
    }

    /** The reply, or null outside {@code proxy_on_redis_call_response}. */
    byte[] reply() {
        return reply;
    }

    /**
     * Sends a pending call to the real server its cluster is routed to, and returns the reply, or null if the call
     * failed (the reason goes to {@link #bridgeErrors()}). The call stays pending: the caller delivers.
     *
     * @throws IllegalStateException if there is no bridge, it does not route the cluster, or the plugin never
     *     initialised the cluster successfully
     * @throws IllegalArgumentException if the query is not complete RESP (Redis would wait for the rest)
     */
    byte[] send(RedisCallout call) {
        String bare = RedisBridge.bareName(call.cluster());
        String cannot = "Redis call " + call.token() + " to " + call.cluster() + " cannot be forwarded: ";
        if (bridge == null || !bridge.handles(bare)) {
            throw new IllegalStateException(cannot + (bridge == null ? "no Redis bridge is set"
                    : "the Redis bridge has no route for it; routes: " + bridge.routes().keySet()));
        }
        RedisConnection connection = connections.get(bare);
        if (connection == null) {
            throw new IllegalStateException(cannot + "the plugin has no connection to it (proxy_redis_init was not "
                    + "called for this cluster, or failed)");
        }
        try {
            return connection.send(call.query());
        } catch (IOException e) {
            bridgeErrors.add("proxy_redis_call " + call.cluster() + " (token " + call.token() + "): "
                    + e.getMessage());
            return null;
        }
    }

    List<RedisInit> inits() {
        return List.copyOf(inits);
    }

    RedisConnection connection(String cluster) {
        return connections.get(RedisBridge.bareName(cluster));
    }

    List<String> bridgeErrors() {
        return List.copyOf(bridgeErrors);
    }

    void closeConnections() {
        for (RedisConnection connection : connections.values()) {
            connection.close();
        }
        connections.clear();
    }
}
