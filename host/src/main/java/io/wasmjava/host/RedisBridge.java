package io.wasmjava.host;

import io.wasmjava.core.host.HostStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Routes a plugin's Redis clusters to real Redis servers, so that the host answers Redis callouts with
 * what a real server replies instead of with replies the test writes. Immutable, so one bridge can serve many
 * harnesses; each harness keeps its own connections.
 *
 * <pre>{@code
 * RedisBridge bridge = RedisBridge.of("outbound|6379||redis.static", server.address());
 * PluginHarness harness = PluginHarness.builder(Engines.jvm(MyPlugin.definition())).redisBridge(bridge).build();
 * ...
 * harness.flushRedis();        // sends every pending call to the server, delivers each reply
 * }</pre>
 *
 * <p>What the host does for a routed cluster (clusters the bridge does not route behave as without a bridge):
 * <ul>
 *   <li>{@code proxy_redis_init} opens a {@link RedisConnection}: it connects within the init's timeout, sends
 *       {@code AUTH} with the username and password (password only if the username is empty, nothing if both are
 *       empty) and {@code SELECT} with the {@code db} parameter of the cluster string
 *       ({@code outbound|6379||redis.static?db=1&buffer_flush_timeout=3&...}). If the server cannot be reached in
 *       time or rejects {@code AUTH} or {@code SELECT}, init fails with {@link #INIT_FAILED_STATUS}; a {@code db}
 *       that is not a number is {@code BAD_ARGUMENT}. A later init replaces the connection. (Envoy connects lazily
 *       and ignores a rejected {@code AUTH}, which then shows up as {@code NOAUTH} replies; the bridge fails early so
 *       that a test learns about a wrong password or an unreachable server at once.)</li>
 *   <li>{@code proxy_redis_call} is recorded as a pending call, as always: the test decides when it is answered,
 *       with {@link PendingRedisCall#forwardToRedis()} or {@link PluginInstance#flushRedis()}. Forwarding sends the
 *       query bytes and delivers the server's reply bytes with status 0 (an error reply such as {@code -ERR} is a
 *       successful call); if the server cannot be reached or does not answer within the timeout, the callout gets
 *       {@link #CALL_FAILED_STATUS} and no reply. A connection the server dropped is reopened (and set up again) on
 *       the next call.</li>
 * </ul>
 * Why a call or an init failed is recorded in {@link HostEmulator#redisBridgeErrors()}.
 */
public final class RedisBridge {
    /**
     * The status a forwarded callout gets when the server is unreachable or too slow: Higress's Envoy calls back with
     * {@code RedisStatus::NetworkError} (1) from {@code Context::onRedisCallFailure}, as the devserver does.
     */
    public static final int CALL_FAILED_STATUS = 1;

    /** What {@code proxy_redis_init} returns when the connection cannot be opened or set up. */
    public static final int INIT_FAILED_STATUS = HostStatus.INTERNAL_FAILURE.code();

    /** The timeout used when a plugin passes a non-positive one, so that a test never waits forever. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 1000;

    private final Map<String, InetSocketAddress> routes;

    private RedisBridge(Map<String, InetSocketAddress> routes) {
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    /** A bridge with one route: {@code cluster} (the bare cluster name, no {@code ?...}) to {@code address}. */
    public static RedisBridge of(String cluster, InetSocketAddress address) {
        return builder().route(cluster, address).build();
    }

    /** Starts a bridge with several routes. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every route, cluster name to server, in the order they were added. */
    public Map<String, InetSocketAddress> routes() {
        return routes;
    }

    /** True if calls to {@code cluster} go to a real server; a {@code ?...} suffix is ignored. */
    public boolean handles(String cluster) {
        return routes.containsKey(bareName(cluster));
    }

    /** The server for {@code cluster} (a {@code ?...} suffix is ignored), or null if the bridge does not route it. */
    public InetSocketAddress address(String cluster) {
        return routes.get(bareName(cluster));
    }

    /**
     * Opens a connection as {@code proxy_redis_init} does: to the server routed for {@code initCluster}, selecting
     * its {@code db} parameter, with the credentials and timeout given (a non-positive timeout means
     * {@link #DEFAULT_TIMEOUT_MILLIS}).
     *
     * @throws IOException if the server cannot be reached in time or rejects {@code AUTH} or {@code SELECT}
     * @throws IllegalArgumentException if the bridge does not route the cluster, or {@code db} is not a number
     */
    public RedisConnection connect(String initCluster, String username, String password, int timeoutMillis)
            throws IOException {
        InetSocketAddress address = address(initCluster);
        if (address == null) {
            throw new IllegalArgumentException("the Redis bridge has no route for cluster " + bareName(initCluster)
                    + "; routes: " + routes.keySet());
        }
        return RedisConnection.open(address, username, password, database(initCluster),
                timeoutMillis > 0 ? timeoutMillis : DEFAULT_TIMEOUT_MILLIS);
    }

    /**
     * The database in a Higress init cluster string: the {@code db} query parameter, 0 if there is none, e.g. 1
     * for {@code outbound|6379||redis.static?db=1&buffer_flush_timeout=3}.
     *
     * @throws IllegalArgumentException if {@code db} is not a non-negative decimal number
     */
    public static int database(String initCluster) {
        int question = initCluster.indexOf('?');
        if (question < 0) {
            return 0;
        }
        for (String parameter : initCluster.substring(question + 1).split("&")) {
            if (parameter.startsWith("db=")) {
                String value = parameter.substring(3);
                if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new IllegalArgumentException("db in cluster " + initCluster
                            + " must be a non-negative number but was '" + value + "'");
                }
                return Integer.parseInt(value);
            }
        }
        return 0;
    }

    static String bareName(String cluster) {
        int question = cluster.indexOf('?');
        return question < 0 ? cluster : cluster.substring(0, question);
    }

    @Override
    public String toString() {
        return "RedisBridge" + routes;
    }

    /** Collects routes. */
    public static final class Builder {
        private final Map<String, InetSocketAddress> routes = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Routes {@code cluster} (a bare cluster name such as {@code outbound|6379||redis.static}) to
         * {@code address}; a second route for the same cluster replaces the first.
         *
         * @throws IllegalArgumentException if {@code cluster} is empty or contains {@code ?}
         */
        public Builder route(String cluster, InetSocketAddress address) {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(address, "address");
            if (cluster.isEmpty() || cluster.indexOf('?') >= 0) {
                throw new IllegalArgumentException("route a bare cluster name (no ?db=... options), not '" + cluster
                        + "'");
            }
            routes.put(cluster, address);
            return this;
        }

        /** Routes {@code cluster} to {@code host:port}; see {@link #route(String, InetSocketAddress)}. */
        public Builder route(String cluster, String host, int port) {
            return route(cluster, new InetSocketAddress(host, port));
        }

        public RedisBridge build() {
            return new RedisBridge(routes);
        }
    }
}
