package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.host.HostStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bridge's routing and the emulator's bridged init; whole plugins in {@link RedisBridgeScenarios}. */
class RedisBridgeTest {
    private static final String CLUSTER = "outbound|6379||redis.static";
    private static final String INIT_CLUSTER = CLUSTER + "?db=1&buffer_flush_timeout=3&max_buffer_size_before_flush=1024";

    @AutoClose
    private static final RedisServerProcess redis = RedisServerProcess.start();

    private final HostEmulator host = new HostEmulator();

    @AfterEach
    void closeConnections() {
        host.closeRedisConnections();
    }


    static Stream<Arguments> initClusters() {
        return Stream.of(
                Arguments.of("no options", CLUSTER, 0),
                Arguments.of("db first, as Higress writes it", INIT_CLUSTER, 1),
                Arguments.of("db omitted because it is 0", CLUSTER + "?buffer_flush_timeout=3&max_buffer_size_before_flush=1024", 0),
                Arguments.of("db last", CLUSTER + "?buffer_flush_timeout=0&db=15", 15),
                Arguments.of("an empty query", CLUSTER + "?", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("initClusters")
    void readsTheDatabaseFromTheInitClusterString(String name, String initCluster, int database) {
        assertThat(RedisBridge.database(initCluster)).isEqualTo(database);
    }

    static Stream<Arguments> badDatabases() {
        return Stream.of(
                Arguments.of("a word", "c?db=one", "db in cluster c?db=one must be a non-negative number but was 'one'"),
                Arguments.of("empty", "c?db=&x=1", "db in cluster c?db=&x=1 must be a non-negative number but was ''"),
                Arguments.of("negative", "c?db=-1", "db in cluster c?db=-1 must be a non-negative number but was '-1'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDatabases")
    void rejectsADatabaseThatIsNotANumber(String name, String initCluster, String message) {
        assertThatThrownBy(() -> RedisBridge.database(initCluster))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void routesByTheBareClusterName() {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", 6379);
        RedisBridge bridge = RedisBridge.builder().route(CLUSTER, address).route("other", "127.0.0.1", 6380).build();

        assertThat(List.of(bridge.handles(CLUSTER), bridge.handles(INIT_CLUSTER), bridge.handles("outbound|6379||x")))
                .containsExactly(true, true, false);
        assertThat(bridge.address(INIT_CLUSTER)).isEqualTo(address);
        assertThat(bridge.routes()).isEqualTo(Map.of(CLUSTER, address, "other", new InetSocketAddress("127.0.0.1",
                6380)));
    }

    @Test
    void refusesARouteForAClusterStringWithOptions() {
        assertThatThrownBy(() -> RedisBridge.builder().route(INIT_CLUSTER, redis.address()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route a bare cluster name (no ?db=... options), not '" + INIT_CLUSTER + "'");
    }

    @Test
    void opensAConnectionToTheSelectedDatabaseAtInit() throws IOException {
        host.setRedisBridge(RedisBridge.of(CLUSTER, redis.address()));

        host.redisInit(INIT_CLUSTER, "", "", 700);

        RedisConnection connection = host.redisConnection(CLUSTER);
        assertThat(List.of(connection.address(), connection.database(), connection.timeoutMillis()))
                .containsExactly(redis.address(), 1, 700);
        assertThat(host.redisInits()).containsExactly(new RedisInit(INIT_CLUSTER, "", "", 700));
    }

    @Test
    void replacesTheConnectionWhenThePluginInitialisesAgain() throws IOException {
        host.setRedisBridge(RedisBridge.of(CLUSTER, redis.address()));
        host.redisInit(INIT_CLUSTER, "", "", 700);
        RedisConnection first = host.redisConnection(CLUSTER);

        host.redisInit(CLUSTER + "?db=2", "", "", 700);

        assertThat(host.redisConnection(CLUSTER).database()).isEqualTo(2);
        assertThatThrownBy(() -> first.command("ping")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void usesADefaultTimeoutWhenThePluginGivesNone() {
        host.setRedisBridge(RedisBridge.of(CLUSTER, redis.address()));

        host.redisInit(CLUSTER, "", "", 0);

        assertThat(host.redisConnection(CLUSTER).timeoutMillis()).isEqualTo(RedisBridge.DEFAULT_TIMEOUT_MILLIS);
    }

    @Test
    void failsInitWithInternalFailureWhenNothingListens() throws IOException {
        int port = Loopback.closedPort();
        host.setRedisBridge(RedisBridge.of(CLUSTER, new InetSocketAddress("127.0.0.1", port)));

        assertThat(HostFixtures.statusOf(() -> host.redisInit(INIT_CLUSTER, "", "", 300))).isEqualTo(HostStatus.INTERNAL_FAILURE);
        assertThat(host.redisBridgeErrors()).containsExactly("proxy_redis_init " + INIT_CLUSTER
                + ": cannot connect to 127.0.0.1:" + port + " within 300 ms: java.net.ConnectException: "
                + "Connection refused");
        assertThat(host.redisConnection(CLUSTER)).isNull();
        assertThat(host.redisInits()).containsExactly(new RedisInit(INIT_CLUSTER, "", "", 300));
    }

    @Test
    void failsInitWithBadArgumentWhenTheDatabaseIsNotANumber() {
        host.setRedisBridge(RedisBridge.of(CLUSTER, redis.address()));

        assertThat(HostFixtures.statusOf(() -> host.redisInit(CLUSTER + "?db=x", "", "", 300))).isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(host.redisBridgeErrors()).containsExactly("proxy_redis_init " + CLUSTER
                + "?db=x: db in cluster " + CLUSTER + "?db=x must be a non-negative number but was 'x'");
    }

    @Test
    void leavesClustersTheBridgeDoesNotRouteToTheTest() {
        host.setRedisBridge(RedisBridge.of("outbound|6379||elsewhere.static", redis.address()));

        host.redisInit(INIT_CLUSTER, "", "", 300);
        int token = host.dispatchRedisCall(CLUSTER, "*1\r\n$4\r\nping\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(host.redisConnection(CLUSTER)).isNull();
        assertThat(host.pendingRedisCalls().get(0).token()).isEqualTo(token);
    }

    @Test
    void sendsAPendingCallToTheServerAndLeavesItPending() {
        host.setRedisBridge(RedisBridge.of(CLUSTER, redis.address()));
        host.redisInit(CLUSTER, "", "", 300);
        host.dispatchRedisCall(CLUSTER, "*1\r\n$4\r\nping\r\n".getBytes(StandardCharsets.UTF_8));
        RedisCallout call = host.pendingRedisCalls().get(0);

        byte[] reply = host.redisCalls.send(call);

        assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("+PONG\r\n");
        assertThat(host.pendingRedisCalls()).hasSize(1);
    }

    @Test
    void refusesToForwardACallToAClusterThePluginNeverInitialised() {
        host.setRedisBridge(RedisBridge.of(CLUSTER, redis.address()));
        host.dispatchRedisCall(CLUSTER, "*1\r\n$4\r\nping\r\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> host.redisCalls.send(host.pendingRedisCalls().get(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Redis call 7 to " + CLUSTER + " cannot be forwarded: the plugin has no connection to it "
                        + "(proxy_redis_init was not called for this cluster, or failed)");
    }

    @Test
    void refusesToForwardWithoutABridge() {
        host.dispatchRedisCall(CLUSTER, "*1\r\n$4\r\nping\r\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> host.redisCalls.send(host.pendingRedisCalls().get(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Redis call 7 to " + CLUSTER + " cannot be forwarded: no Redis bridge is set");
    }
}
