package io.wasmjava.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.host.RedisBridge;
import io.wasmjava.host.RedisConnection;
import io.wasmjava.host.RedisInit;
import io.wasmjava.host.RedisServerProcess;
import io.wasmjava.host.Loopback;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Redis counter plugin (written in Java for {@link RedisBridgeJvmTest}, by hand in {@code redis-counter.wat} for
 * {@link RedisBridgeWasmTest}) against a real {@code redis-server} through the {@link RedisBridge}. The plugin:
 * init {@value #INIT_CLUSTER} with password {@code s3cret} and a 1000 ms timeout at configure time; on request headers
 * {@code INCR hits} and pause; on the reply, add {@code x-redis-reply} (the reply without its final CRLF, or
 * {@code failed} for a non-zero status) and resume.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisBridgeScenarios extends PluginScenarios {
    static final String CLUSTER = "outbound|6379||redis.static";
    static final String INIT_CLUSTER = CLUSTER + "?db=2&buffer_flush_timeout=3&max_buffer_size_before_flush=1024";
    static final String PASSWORD = "s3cret";

    private static final Headers REQUEST = Headers.of(":authority", "a.com", ":path", "/", ":method", "GET");

    /** One server per test class (a per-class instance, so that the two modes never share it). */
    private RedisServerProcess redis;

    @BeforeAll
    void startRedis() {
        redis = RedisServerProcess.startWithPassword(PASSWORD);
    }

    @AfterAll
    void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void emptyRedis() throws IOException {
        try (RedisConnection admin = redis.connect()) {
            admin.command("flushall");
        }
    }

    private PluginHarness started(RedisBridge bridge) {
        return start(harness().config("{}").redisBridge(bridge));
    }

    private PluginHarness started() {
        return started(RedisBridge.of(CLUSTER, redis.address()));
    }

    private static Headers withReply(String reply) {
        return REQUEST.newBuilder().add("x-redis-reply", reply).build();
    }

    private static String get(RedisServerProcess server, int database, String key) throws IOException {
        try (RedisConnection admin = server.connect(database)) {
            return admin.command("get", key);
        }
    }


    @Test
    void countsRequestsInTheDatabaseTheInitSelected() throws IOException {
        PluginHarness harness = started();
        HttpStream first = harness.newStream();
        HttpStream second = harness.newStream();

        assertThat(first.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.STOP_ITERATION);
        assertThat(harness.flushRedis()).isEqualTo(1);
        second.requestHeaders(REQUEST, true);
        harness.flushRedis();

        assertThat(List.of(first.requestHeaders(), second.requestHeaders()))
                .containsExactly(withReply(":1"), withReply(":2"));
        assertThat(List.of(first.requestResumed(), second.requestResumed())).containsExactly(true, true);
        assertThat(List.of(get(redis, 2, "hits"), get(redis, 0, "hits"))).containsExactly("$1\r\n2\r\n", "$-1\r\n");
        assertThat(harness.redisInits()).containsExactly(new RedisInit(INIT_CLUSTER, "", PASSWORD, 1000));
    }

    @Test
    void answersCallsOnlyWhenAndInTheOrderTheTestForwardsThem() {
        PluginHarness harness = started();
        HttpStream first = harness.newStream();
        HttpStream second = harness.newStream();
        first.requestHeaders(REQUEST, true);
        second.requestHeaders(REQUEST, true);
        List<PendingRedisCall> calls = harness.pendingRedisCalls();

        assertThat(first.requestResumed()).isFalse();
        calls.get(1).forwardToRedis();
        calls.get(0).forwardToRedis();

        assertThat(List.of(first.requestHeaders(), second.requestHeaders()))
                .containsExactly(withReply(":2"), withReply(":1"));
        assertThat(harness.pendingRedisCalls()).isEmpty();
        assertThatThrownBy(() -> calls.get(0).forwardToRedis())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Redis call 7 to " + CLUSTER + " was already answered");
    }

    @Test
    void deliversAServerErrorReplyAsASuccessfulCall() throws IOException {
        try (RedisConnection admin = redis.connect(2)) {
            admin.command("set", "hits", "many");
        }
        PluginHarness harness = started();
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, true);

        harness.flushRedis();

        assertThat(stream.requestHeaders()).isEqualTo(withReply("-ERR value is not an integer or out of range"));
    }

    @Test
    void failsTheCallWithANonZeroStatusWhenTheServerIsDown() {
        try (RedisServerProcess server = RedisServerProcess.startWithPassword(PASSWORD)) {
            PluginHarness harness = started(RedisBridge.of(CLUSTER, server.address()));
            HttpStream stream = harness.newStream();
            stream.requestHeaders(REQUEST, true);
            server.stop();

            harness.flushRedis();

            assertThat(stream.requestHeaders()).isEqualTo(withReply("failed"));
            assertThat(harness.host().redisBridgeErrors()).containsExactly("proxy_redis_call " + CLUSTER
                    + " (token 7): cannot connect to 127.0.0.1:" + server.port() + " within 1000 ms: "
                    + "java.net.ConnectException: Connection refused");
        }
    }

    @Test
    void failsTheCallWhenTheReplyTakesLongerThanTheInitTimeout() throws IOException {
        PluginHarness harness = started();
        HttpStream slow = harness.newStream();
        slow.requestHeaders(REQUEST, true);
        try (RedisConnection admin = redis.connect()) {
            admin.command("client", "pause", "5000", "write");
            try {
                harness.flushRedis();
            } finally {
                admin.command("client", "unpause");
            }
        }

        assertThat(slow.requestHeaders()).isEqualTo(withReply("failed"));
        assertThat(harness.host().redisBridgeErrors()).singleElement().asString().startsWith("proxy_redis_call "
                + CLUSTER + " (token 7): no complete reply from 127.0.0.1:" + redis.port() + " within 1000 ms");
    }

    @Test
    void reconnectsAndSelectsTheDatabaseAgainAfterTheServerDroppedTheConnection() throws IOException {
        PluginHarness harness = started();
        try (RedisConnection admin = redis.connect()) {
            admin.command("client", "kill", "type", "normal", "skipme", "yes");
        }
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, true);

        harness.flushRedis();

        assertThat(stream.requestHeaders()).isEqualTo(withReply(":1"));
        assertThat(harness.host().redisConnection(CLUSTER).connects()).isEqualTo(2);
        assertThat(get(redis, 2, "hits")).isEqualTo("$1\r\n1\r\n");
    }

    @Test
    void failsToStartWhenTheServerRejectsThePassword() {
        try (RedisServerProcess server = RedisServerProcess.startWithPassword("another")) {
            PluginHarness harness = track(harness().config("{}")
                    .redisBridge(RedisBridge.of(CLUSTER, server.address())).build());

            assertThat(harness.start()).isFalse();
            assertThat(harness.host().redisBridgeErrors()).containsExactly("proxy_redis_init " + INIT_CLUSTER
                    + ": AUTH rejected by 127.0.0.1:" + server.port()
                    + ": -WRONGPASS invalid username-password pair or user is disabled.");
        }
    }

    @Test
    void failsToStartWhenNoServerListens() throws IOException {
        int port = Loopback.closedPort();
        PluginHarness harness = track(harness().config("{}")
                .redisBridge(RedisBridge.of(CLUSTER, new InetSocketAddress("127.0.0.1", port))).build());

        assertThat(harness.start()).isFalse();
        assertThat(harness.host().redisBridgeErrors()).containsExactly("proxy_redis_init " + INIT_CLUSTER
                + ": cannot connect to 127.0.0.1:" + port + " within 1000 ms: java.net.ConnectException: "
                + "Connection refused");
    }

    @Test
    void leavesCallsToClustersTheBridgeDoesNotRouteToTheTest() {
        PluginHarness harness = started(RedisBridge.of("outbound|6379||elsewhere.static", redis.address()));
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, true);

        assertThat(harness.flushRedis()).isZero();
        harness.pendingRedisCalls().get(0).reply(":41\r\n");

        assertThat(stream.requestHeaders()).isEqualTo(withReply(":41"));
    }

    @Test
    void closesItsConnectionsWhenTheHarnessCloses() {
        PluginHarness harness = started();
        RedisConnection connection = harness.host().redisConnection(CLUSTER);

        harness.close();

        assertThatThrownBy(() -> connection.command("ping"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the connection to 127.0.0.1:" + redis.port() + " is closed");
        assertThat(harness.host().redisConnection(CLUSTER)).isNull();
    }
}
