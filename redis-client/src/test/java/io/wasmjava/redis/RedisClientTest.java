package io.wasmjava.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.host.RedisInit;
import io.wasmjava.redis.resp.RespValue;
import io.wasmjava.testkit.PluginHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RedisClient}'s contract with the host (Higress's {@code proxy_redis_init}/{@code proxy_redis_call}), driven
 * from a plugin on the test kit's JVM engine, the test answering every call: init string and readiness, NOAUTH
 * re-authentication, and the typed failures.
 */
class RedisClientTest {
    private static final String CLUSTER = "outbound|6379||redis.static";
    private static final String DEFAULT_INIT = CLUSTER + "?buffer_flush_timeout=3&max_buffer_size_before_flush=1024";
    private static final String GET_K = "*2\r\n$3\r\nget\r\n$1\r\nk\r\n";
    private static final String NOAUTH = "-NOAUTH Authentication required.\r\n";
    private static final String MALFORMED = "RedisProtocolException: malformed reply: ";

    private final List<PluginHarness> harnesses = new ArrayList<>();

    @AfterEach
    void close() {
        harnesses.forEach(PluginHarness::close);
    }

    private PluginHarness start(RedisTestPlugin plugin) {
        return start(plugin, plugin.harness());
    }

    private PluginHarness start(RedisTestPlugin plugin, PluginHarness.Builder builder) {
        PluginHarness harness = plugin.start(builder);
        harnesses.add(harness);
        return harness;
    }

    /** The harness of the last {@link #sendGet}. */
    private PluginHarness harness;

    /** Starts {@code plugin} in {@link #harness} and sends {@code GET k} from one request. */
    private RedisTestPlugin.Request sendGet(RedisTestPlugin plugin) {
        harness = start(plugin);
        return plugin.send(harness, get());
    }

    private static RedisCommand get() {
        return RedisCommand.get("k");
    }

    private static List<String> queries(PluginHarness harness) {
        List<String> queries = new ArrayList<>();
        for (PendingRedisCall call : harness.pendingRedisCalls()) {
            queries.add(call.queryText());
        }
        return queries;
    }

    // ---- init and readiness ----

    static Stream<Arguments> initStrings() {
        return Stream.of(
                Arguments.of("defaults", RedisOptions.defaults(), DEFAULT_INIT),
                Arguments.of("database 1 comes first", RedisOptions.newBuilder().database(1).build(),
                        CLUSTER + "?db=1&buffer_flush_timeout=3&max_buffer_size_before_flush=1024"),
                Arguments.of("database 0 is omitted", RedisOptions.newBuilder().database(0).build(), DEFAULT_INIT),
                Arguments.of("disableBuffer sets both to 0", RedisOptions.newBuilder().disableBuffer().build(),
                        CLUSTER + "?buffer_flush_timeout=0&max_buffer_size_before_flush=0"),
                Arguments.of("custom buffering with a database", RedisOptions.newBuilder().database(15)
                        .bufferFlushTimeoutMillis(10).maxBufferSizeBeforeFlush(4096).build(),
                        CLUSTER + "?db=15&buffer_flush_timeout=10&max_buffer_size_before_flush=4096"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("initStrings")
    void initialisesWithHigressInitStringAndRawCredentials(String name, RedisOptions options, String initCluster) {
        RedisTestPlugin plugin = RedisTestPlugin.builder().credentials("user", "p@ss&word=1").timeoutMillis(2000)
                .options(options).build();

        PluginHarness harness = start(plugin);

        assertThat(harness.redisInits()).containsExactly(new RedisInit(initCluster, "user", "p@ss&word=1", 2000));
        assertThat(List.of(plugin.client().initClusterName(), plugin.client().isReady()))
                .containsExactly(initCluster, true);
    }

    @Test
    void passesAbsentCredentialsAsEmptyStrings() {
        RedisTestPlugin plugin = RedisTestPlugin.builder().credentials(null, null).build();

        PluginHarness harness = start(plugin);

        assertThat(harness.redisInits()).containsExactly(new RedisInit(DEFAULT_INIT, "", "", 1000));
    }

    @Test
    void sendsCommandsToTheBareClusterName() {
        RedisTestPlugin plugin = RedisTestPlugin.builder().options(RedisOptions.newBuilder().database(1).build())
                .build();
        PluginHarness harness = start(plugin);

        plugin.send(harness, get());

        assertThat(harness.pendingRedisCalls().get(0).cluster()).isEqualTo(CLUSTER);
        assertThat(plugin.client().clusterName()).isEqualTo(CLUSTER);
        // Resolved once: one String for every command, whose encoded bytes the host binding keeps.
        assertThat(plugin.client().clusterName()).isSameAs(plugin.client().clusterName());
    }

    @Test
    void reportsAFailedInitAsInitFailedWithTheHostStatus() {
        RedisTestPlugin plugin = RedisTestPlugin.builder().build();

        start(plugin, plugin.harness().knownClusters("outbound|6379||other.static"));

        assertThat(plugin.initFailures()).extracting(RecordingRedisCallback::describe).containsExactly(
                "RedisCallException(INIT_FAILED, host status 2): redis init for cluster " + CLUSTER
                        + " failed: proxy_redis_init: BAD_ARGUMENT");
        assertThat(plugin.initFailures().get(0).getCause()).isInstanceOf(HostStatusException.class);
        assertThat(plugin.client().isReady()).isFalse();
    }

    @Test
    void failsACommandBeforeInitSynchronouslyWithoutCallingTheHost() {
        RedisTestPlugin plugin = RedisTestPlugin.builder().withoutInit().build();
        PluginHarness harness = start(plugin);

        RedisTestPlugin.Request request = plugin.send(harness, get());

        assertThat(request.callback.outcomes()).containsExactly(
                "RedisCallException(NOT_INITIALIZED, host status 0): redis client is not ready, please call init() "
                        + "first");
        assertThat(harness.pendingRedisCalls()).isEmpty();
        assertThat(harness.redisInits()).isEmpty();
    }

    @Test
    void retriesAFailedInitBeforeTheNextCommand() {
        RedisTestPlugin plugin = RedisTestPlugin.builder().build();
        PluginHarness harness = start(plugin, plugin.harness().knownClusters("outbound|6379||other.static"));
        harness.host().setKnownClusters(null);

        RedisTestPlugin.Request request = plugin.send(harness, get());
        harness.pendingRedisCalls().get(0).reply("$1\r\nv\r\n");

        // The host records only inits it accepted: the one the command triggered.
        assertThat(harness.redisInits()).containsExactly(new RedisInit(DEFAULT_INIT, "", "", 1000));
        assertThat(request.callback.outcomes()).containsExactly(RespValue.bulk("v"));
        assertThat(plugin.client().isReady()).isTrue();
    }

    @Test
    void failsTheCommandSynchronouslyWhenTheRetriedInitFailsAgain() {
        RedisTestPlugin plugin = RedisTestPlugin.builder().build();
        PluginHarness harness = start(plugin, plugin.harness().knownClusters("outbound|6379||other.static"));

        RedisTestPlugin.Request request = plugin.send(harness, get());

        assertThat(request.callback.outcomes()).containsExactly("RedisCallException(INIT_FAILED, host status 2): "
                + "redis init for cluster " + CLUSTER + " failed: proxy_redis_init: BAD_ARGUMENT");
        assertThat(harness.pendingRedisCalls()).isEmpty();
        assertThat(harness.redisInits()).isEmpty();
    }

    // ---- pre-encoded commands ----

    @Test
    void sendsAnEncodedCommandVerbatimAndRetriesTheSameBytesAfterNoauth() {
        byte[] encoded = io.wasmjava.redis.resp.RespEncoder.encodeCommand("get", "k");
        RedisTestPlugin plugin = RedisTestPlugin.builder().credentials("", "pw").build();
        PluginHarness harness = start(plugin);
        RedisTestPlugin.Request request = plugin.send(harness, RedisCommand.encoded(encoded));

        assertThat(queries(harness)).containsExactly(GET_K);
        harness.pendingRedisCalls().get(0).reply(NOAUTH);
        assertThat(queries(harness)).containsExactly(GET_K);
        harness.pendingRedisCalls().get(0).reply("$1\r\nv\r\n");

        assertThat(request.callback.outcomes()).containsExactly(RespValue.bulk("v"));
        assertThat(encoded).isEqualTo(GET_K.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void rejectsAnEmptyEncodedCommand() {
        RedisTestPlugin plugin = RedisTestPlugin.builder().build();
        PluginHarness harness = start(plugin);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedisCommand.encoded(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an encoded command cannot be empty");
        assertThat(harness.pendingRedisCalls()).isEmpty();
    }

    // ---- NOAUTH ----

    static Stream<Arguments> authenticationErrors() {
        return Stream.of(
                Arguments.of("NOAUTH", NOAUTH),
                Arguments.of("Redis 6 unauthenticated", "-ERR Protocol error: unauthenticated multibulk length\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("authenticationErrors")
    void initialisesAgainAndRetriesTheSameCommandOnceAfterAnAuthenticationError(String name, String error) {
        RedisTestPlugin.Request request = sendGet(RedisTestPlugin.builder().credentials("", "pw").build());

        harness.pendingRedisCalls().get(0).reply(error);

        assertThat(harness.redisInits()).containsExactly(new RedisInit(DEFAULT_INIT, "", "pw", 1000),
                new RedisInit(DEFAULT_INIT, "", "pw", 1000));
        assertThat(queries(harness)).containsExactly(GET_K);
        assertThat(request.callback.outcomes()).isEmpty();

        harness.pendingRedisCalls().get(0).reply("$1\r\nv\r\n");

        assertThat(request.callback.outcomes()).containsExactly(RespValue.bulk("v"));
    }

    @Test
    void givesTheSecondNoauthToTheCallback() {
        RedisTestPlugin.Request request = sendGet(RedisTestPlugin.builder().credentials("", "pw").build());
        harness.pendingRedisCalls().get(0).reply(NOAUTH);

        harness.pendingRedisCalls().get(0).reply(NOAUTH);

        assertThat(request.callback.outcomes()).containsExactly(
                "RedisReplyException(NOAUTH): NOAUTH Authentication required.");
        assertThat(harness.redisInits()).hasSize(2);
        assertThat(harness.pendingRedisCalls()).isEmpty();
    }

    @Test
    void givesTheNoauthToTheCallbackWhenInitialisingAgainFails() {
        RedisTestPlugin plugin = RedisTestPlugin.builder().credentials("", "pw").build();
        RedisTestPlugin.Request request = sendGet(plugin);
        harness.host().setKnownClusters(List.of("outbound|6379||other.static"));

        harness.pendingRedisCalls().get(0).reply(NOAUTH);

        assertThat(request.callback.outcomes()).containsExactly(
                "RedisReplyException(NOAUTH): NOAUTH Authentication required.");
        assertThat(harness.pendingRedisCalls()).isEmpty();
        assertThat(plugin.client().isReady()).isFalse();
    }

    // ---- replies and failures ----

    static Stream<Arguments> replies() {
        return Stream.of(
                Arguments.of("simple string", "+OK\r\n", RespValue.simple("OK")),
                Arguments.of("integer", ":-3\r\n", RespValue.integer(-3)),
                Arguments.of("bulk string", "$2\r\nhi\r\n", RespValue.bulk("hi")),
                Arguments.of("empty bulk string", "$0\r\n\r\n", RespValue.bulk("")),
                Arguments.of("null bulk string", "$-1\r\n", RespValue.nullBulk()),
                Arguments.of("null array", "*-1\r\n", RespValue.nullArray()),
                Arguments.of("nested array", "*2\r\n:1\r\n*1\r\n$1\r\nx\r\n",
                        RespValue.array(RespValue.integer(1), RespValue.array(RespValue.bulk("x")))));
    }

    /**
     * Error replies become a RedisReplyException with their prefix; bytes that are not one RESP value, a
     * RedisProtocolException naming what is wrong.
     */
    static Stream<Arguments> failedReplies() {
        return Stream.of(
                Arguments.of("ERR", "-ERR unknown command 'foo'\r\n",
                        "RedisReplyException(ERR): ERR unknown command 'foo'"),
                Arguments.of("NOSCRIPT", "-NOSCRIPT No matching script. Please use EVAL.\r\n",
                        "RedisReplyException(NOSCRIPT, no script): NOSCRIPT No matching script. Please use EVAL."),
                Arguments.of("WRONGTYPE", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                        "RedisReplyException(WRONGTYPE): WRONGTYPE Operation against a key holding the wrong kind of "
                                + "value"),
                Arguments.of("WRONGPASS", "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                        "RedisReplyException(WRONGPASS): WRONGPASS invalid username-password pair or user is "
                                + "disabled."),
                Arguments.of("an error without a space", "-BUSY\r\n", "RedisReplyException(BUSY): BUSY"),
                Arguments.of("empty", "", "RedisProtocolException: empty reply from host"),
                Arguments.of("unknown type byte", "?x\r\n", MALFORMED + "type byte: '?' (0x3f) (expected: one of "
                        + "+ - : $ *; RESP3 and inline commands are not supported) at offset 0"),
                Arguments.of("integer with a letter", ":12a\r\n", MALFORMED + "integer: \"12a\" is not a decimal "
                        + "integer (expected: an optional '-' and 1 to 19 decimal digits within the signed 64-bit "
                        + "range) at offset 0"),
                Arguments.of("truncated bulk string", "$5\r\nab\r\n",
                        MALFORMED + "end of input after 8 bytes (expected: one complete value) at offset 8"),
                Arguments.of("two values", ":1\r\n:2\r\n",
                        MALFORMED + "trailing bytes: 4 after a complete value (expected: 0) at offset 4"));
    }

    /** The outcome is the decoded {@link RespValue} of a reply, or the text of the typed exception of a failed one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource({"replies", "failedReplies"})
    void deliversTheDecodedReplyOrReportsAFailedReplyAsItsTypedException(String name, String wire, Object outcome) {
        RedisTestPlugin.Request request = sendGet(RedisTestPlugin.builder().build());

        harness.pendingRedisCalls().get(0).reply(wire);

        assertThat(request.callback.outcomes()).containsExactly(outcome);
        assertThat(harness.pendingRedisCalls()).isEmpty();
    }

    @Test
    void reportsANonZeroHostStatusAsCallFailed() {
        RedisTestPlugin.Request request = sendGet(RedisTestPlugin.builder().build());

        harness.pendingRedisCalls().get(0).fail(10);

        assertThat(request.callback.outcomes()).containsExactly("RedisCallException(CALL_FAILED, host status 10): "
                + "redis call to cluster " + CLUSTER + " failed with host status 10");
    }

    @Test
    void reportsARefusedDispatchSynchronouslyAsDispatchRefused() {
        RedisTestPlugin plugin = RedisTestPlugin.builder().build();
        PluginHarness harness = start(plugin);
        harness.host().setKnownClusters(List.of("outbound|6379||other.static"));

        RedisTestPlugin.Request request = plugin.send(harness, get());

        assertThat(request.callback.outcomes()).containsExactly("RedisCallException(DISPATCH_REFUSED, host status 2): "
                + "redis call to cluster " + CLUSTER + " refused: proxy_redis_call: BAD_ARGUMENT");
        assertThat(harness.pendingRedisCalls()).isEmpty();
    }


    /**
     * The reply to the command, or to its retry after NOAUTH, arrives after the request ended: nothing is called.
     */
    @ParameterizedTest(name = "after {0} NOAUTH replies")
    @ValueSource(ints = {0, 1})
    void dropsTheCallbackWhenTheRequestEndedBeforeTheReply(int noauthReplies) {
        RedisTestPlugin.Request request = sendGet(RedisTestPlugin.builder().credentials("", "pw").build());
        for (int i = 0; i < noauthReplies; i++) {
            harness.pendingRedisCalls().get(0).reply(NOAUTH);
        }
        PendingRedisCall call = harness.pendingRedisCalls().get(0);

        request.stream.complete();
        call.reply(":1\r\n");

        assertThat(request.callback.outcomes()).isEmpty();
    }

    @Test
    void answersCallsFromSeveralRequestsInAnyOrder() {
        RedisTestPlugin plugin = RedisTestPlugin.builder().build();
        PluginHarness harness = start(plugin);
        RedisTestPlugin.Request first = plugin.send(harness, RedisCommand.incr("a"));
        RedisTestPlugin.Request second = plugin.send(harness, RedisCommand.incr("b"));
        List<PendingRedisCall> calls = harness.pendingRedisCalls();

        calls.get(1).reply(":20\r\n");
        calls.get(0).reply(":10\r\n");

        assertThat(List.of(first.callback.outcomes(), second.callback.outcomes()))
                .containsExactly(List.of(RespValue.integer(10)), List.of(RespValue.integer(20)));
    }
}
