package io.wasmjava.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.host.RedisBridge;
import io.wasmjava.host.RedisConnection;
import io.wasmjava.host.RedisInit;
import io.wasmjava.host.RedisServerProcess;
import io.wasmjava.redis.resp.RespValue;
import io.wasmjava.testkit.PluginHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisClient} in a plugin on the test kit's JVM engine, its calls answered by a real {@code redis-server}
 * through the test kit's {@link RedisBridge}. Needs {@code redis-server} on the PATH.
 */
class RedisClientRedisServerTest {
    private static final String CLUSTER = "outbound|6379||redis.static";
    private static final String PASSWORD = "s3cret";
    private static final RedisOptions DATABASE_1 = RedisOptions.newBuilder().database(1).build();

    private static RedisServerProcess redis;

    private final List<PluginHarness> harnesses = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.startWithPassword(PASSWORD);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void emptyRedis() throws IOException {
        try (RedisConnection admin = redis.connect()) {
            admin.command("flushall");
            admin.command("script", "flush");
        }
    }

    @AfterEach
    void closeHarnesses() {
        harnesses.forEach(PluginHarness::close);
    }

    private PluginHarness start(RedisTestPlugin plugin, RedisServerProcess server) {
        PluginHarness harness = plugin.start(plugin.harness().redisBridge(RedisBridge.of(CLUSTER, server.address())));
        harnesses.add(harness);
        return harness;
    }

    /** A plugin authenticated against {@link #redis}, on database 1. */
    private RedisTestPlugin plugin() {
        return RedisTestPlugin.builder().credentials("", PASSWORD).options(DATABASE_1).build();
    }

    /** Sends each command from its own request, forwarding it to Redis before the next; returns the outcomes. */
    private static List<Object> run(RedisTestPlugin plugin, PluginHarness harness,
            RedisCommand... commands) {
        List<Object> outcomes = new ArrayList<>();
        for (RedisCommand command : commands) {
            RedisTestPlugin.Request request = plugin.send(harness, command);
            harness.flushRedis();
            outcomes.addAll(request.callback.outcomes());
        }
        return outcomes;
    }

    private static String admin(int database, String... command) throws IOException {
        try (RedisConnection admin = redis.connect(database)) {
            return admin.command(command);
        }
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void setsGetsCountsAndExpiresKeys() throws IOException {
        RedisTestPlugin plugin = plugin();
        PluginHarness harness = start(plugin, redis);

        List<Object> outcomes = run(plugin, harness,
                RedisCommand.set("greeting", "héllo"),
                RedisCommand.get("greeting"),
                RedisCommand.get("missing"),
                RedisCommand.incr("hits"),
                RedisCommand.incrby("hits", 41),
                RedisCommand.expire("hits", 100),
                RedisCommand.expire("missing", 100));

        assertThat(outcomes).containsExactly(RespValue.simple("OK"), RespValue.bulk("héllo"), RespValue.nullBulk(),
                RespValue.integer(1), RespValue.integer(42), RespValue.integer(1), RespValue.integer(0));
        assertThat(admin(1, "ttl", "hits")).isIn(":100\r\n", ":99\r\n");
    }

    @Test
    void writesHashesAndReadsThemBackWhole() {
        RedisTestPlugin plugin = plugin();
        PluginHarness harness = start(plugin, redis);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("b", 2);
        fields.put("c", 0.5);

        List<Object> outcomes = run(plugin, harness,
                RedisCommand.hset("h", "a", "x"),
                RedisCommand.hmset("h", fields),
                RedisCommand.hincrbyfloat("h", "c", 1e6),
                RedisCommand.hgetall("h"));

        assertThat(outcomes).containsExactly(RespValue.integer(1), RespValue.simple("OK"),
                RespValue.bulk("1000000.5"), RespValue.array(RespValue.bulk("a"), RespValue.bulk("x"),
                        RespValue.bulk("b"), RespValue.bulk("2"), RespValue.bulk("c"), RespValue.bulk("1000000.5")));
    }

    @Test
    void storesByteArraysVerbatim() {
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        RedisTestPlugin plugin = plugin();
        PluginHarness harness = start(plugin, redis);

        List<Object> outcomes = run(plugin, harness,
                RedisCommand.set("bin", value),
                RedisCommand.get("bin"));

        assertThat(outcomes).containsExactly(RespValue.simple("OK"), RespValue.bulk(value));
    }

    @Test
    void runsScriptsThatReturnNestedTables() {
        RedisTestPlugin plugin = plugin();
        PluginHarness harness = start(plugin, redis);

        List<Object> outcomes = run(plugin, harness, RedisCommand.eval(
                "return {KEYS[1], ARGV[1], {tonumber(ARGV[2]), {'deep'}}, redis.status_reply('FINE')}",
                List.of("k"), List.of("a", 7)));

        assertThat(outcomes).containsExactly(RespValue.array(RespValue.bulk("k"), RespValue.bulk("a"),
                RespValue.array(RespValue.integer(7), RespValue.array(RespValue.bulk("deep"))),
                RespValue.simple("FINE")));
    }

    @Test
    void runsALoadedScriptBySha1UntilTheServerForgetsIt() throws IOException {
        String script = "return redis.call('incrby', KEYS[1], ARGV[1])";
        String sha1 = sha1(script);
        RedisTestPlugin plugin = plugin();
        PluginHarness harness = start(plugin, redis);

        List<Object> loaded = run(plugin, harness,
                RedisCommand.scriptLoad(script),
                RedisCommand.evalsha(sha1, List.of("n"), List.of(5)));
        admin(0, "script", "flush");
        List<Object> forgotten = run(plugin, harness,
                RedisCommand.evalsha(sha1, List.of("n"), List.of(5)));

        assertThat(loaded).containsExactly(RespValue.bulk(sha1), RespValue.integer(5));
        assertThat(forgotten).containsExactly(
                "RedisReplyException(NOSCRIPT, no script): NOSCRIPT No matching script. Please use EVAL.");
    }

    @Test
    void usesTheDatabaseGivenInTheOptions() throws IOException {
        RedisTestPlugin plugin = plugin();
        PluginHarness harness = start(plugin, redis);

        run(plugin, harness, RedisCommand.set("where", "one"));

        assertThat(List.of(admin(1, "get", "where"), admin(0, "get", "where")))
                .containsExactly("$3\r\none\r\n", "$-1\r\n");
        assertThat(harness.redisInits()).containsExactly(new RedisInit(CLUSTER
                + "?db=1&buffer_flush_timeout=3&max_buffer_size_before_flush=1024", "", PASSWORD, 1000));
    }

    @Test
    void reportsARejectedPasswordAtInit() {
        RedisTestPlugin plugin = RedisTestPlugin.builder().credentials("", "wrong").build();

        start(plugin, redis);

        RedisCallException failure = plugin.initFailures().get(0);
        assertThat(RecordingRedisCallback.describe(failure)).isEqualTo("RedisCallException(INIT_FAILED, host status "
                + "10): redis init for cluster " + CLUSTER + " failed: proxy_redis_init: INTERNAL_FAILURE");
        assertThat(failure.getCause().getCause()).hasMessage("AUTH rejected by 127.0.0.1:" + redis.port()
                + ": -WRONGPASS invalid username-password pair or user is disabled.");
    }

    @Test
    void reportsWrongpassFromAnAuthCommandAsAReplyException() {
        RedisTestPlugin plugin = plugin();
        PluginHarness harness = start(plugin, redis);

        List<Object> outcomes = run(plugin, harness, RedisCommand.of("auth", "default", "wrong"));

        assertThat(outcomes).containsExactly(
                "RedisReplyException(WRONGPASS): WRONGPASS invalid username-password pair or user is disabled.");
    }

    @Test
    void initialisesAgainOnNoauthAndGivesTheSecondNoauthToTheCallback() throws IOException {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            RedisTestPlugin plugin = RedisTestPlugin.builder().build();
            PluginHarness harness = start(plugin, server);
            try (RedisConnection admin = server.connect()) {
                // From now on new connections need a password the plugin does not have.
                admin.command("config", "set", "requirepass", "late");
                admin.command("client", "kill", "type", "normal", "skipme", "yes");
            }

            RedisTestPlugin.Request request = plugin.send(harness, RedisCommand.get("k"));
            int forwarded = harness.flushRedis();

            assertThat(forwarded).isEqualTo(2);
            assertThat(harness.redisInits()).hasSize(2);
            assertThat(request.callback.outcomes()).containsExactly(
                    "RedisReplyException(NOAUTH): NOAUTH Authentication required.");
        }
    }

    @Test
    void failsCallsWithCallFailedWhileRedisIsDown() {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            RedisTestPlugin plugin = RedisTestPlugin.builder().build();
            PluginHarness harness = start(plugin, server);
            server.stop();

            List<Object> outcomes = run(plugin, harness, RedisCommand.get("k"));

            // Envoy's RedisStatus::NetworkError, as Higress's Envoy reports a call that could not reach Redis.
            assertThat(outcomes).containsExactly("RedisCallException(CALL_FAILED, host status 1): redis call to "
                    + "cluster " + CLUSTER + " failed with host status 1");
        }
    }

    @Test
    void failsInitWhenRedisIsDownAndRetriesItOnceRedisIsBack() {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            server.stop();
            RedisTestPlugin plugin = RedisTestPlugin.builder().build();
            PluginHarness harness = start(plugin, server);
            server.restart();

            List<Object> outcomes = run(plugin, harness, RedisCommand.incr("k"));

            assertThat(plugin.initFailures()).extracting(RecordingRedisCallback::describe).containsExactly(
                    "RedisCallException(INIT_FAILED, host status 10): redis init for cluster " + CLUSTER
                            + " failed: proxy_redis_init: INTERNAL_FAILURE");
            assertThat(outcomes).containsExactly(RespValue.integer(1));
        }
    }
}
