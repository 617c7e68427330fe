package io.wasmjava.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.Promise;
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

/**
 * {@link RedisScript}: {@code EVALSHA} first, {@code EVAL} after {@code NOSCRIPT} for one run, and {@code EVAL} only,
 * per client, once {@code EVALSHA} got another error and {@code EVAL} reached the script. The test answers each call.
 */
class RedisScriptTest {
    private static final String PREFIX = "[redis-test] [nil] [nil] ";
    /** The first log line of every test: the plugin's start. */
    private static final String STARTED = PREFIX + "plugin start successfully";
    private static final RedisScript SCRIPT = RedisScript.of("test", "return redis.call('incr', KEYS[1])");
    private static final String EVALSHA = "*5\r\n$7\r\nevalsha\r\n$40\r\n" + SCRIPT.sha1()
            + "\r\n$1\r\n1\r\n$1\r\nk\r\n$1\r\n7\r\n";
    private static final String EVAL = "*5\r\n$4\r\neval\r\n$34\r\nreturn redis.call('incr', KEYS[1])\r\n$1\r\n1\r\n"
            + "$1\r\nk\r\n$1\r\n7\r\n";
    private static final String NOSCRIPT = "-NOSCRIPT No matching script. Please use EVAL.\r\n";
    private static final String UNKNOWN_EVALSHA = "-ERR unknown command 'evalsha', with args beginning with: '"
            + SCRIPT.sha1() + "' \r\n";
    private static final String RUN_ERROR = "-WRONGTYPE Operation against a key holding the wrong kind of value "
            + "script: " + SCRIPT.sha1() + ", on @user_script:1.\r\n";

    private static final String LOADING = "-LOADING Redis is loading the dataset in memory\r\n";

    private final RedisTestPlugin plugin = RedisTestPlugin.builder().build();
    private final PluginHarness harness = plugin.start(plugin.harness());
    private final RedisScript.Invocation invocation = SCRIPT.invocation(List.of("k"), List.of(7));

    @AfterEach
    void close() {
        harness.close();
    }

    private RedisTestPlugin.Request run() {
        return plugin.send(harness, invocation::send);
    }

    /** The message of an error reply on the wire. */
    private static String message(String errorReply) {
        return errorReply.substring(1, errorReply.length() - 2);
    }

    /** The debug line of an EVALSHA error that is not NOSCRIPT. */
    private static String trying(String errorReply) {
        return PREFIX + "redis answered EVALSHA with \"" + message(errorReply) + "\"; trying EVAL";
    }

    /** Answers the pending calls in order with {@code replies}; returns the queries they answered. */
    private List<String> answer(String... replies) {
        List<String> queries = new ArrayList<>();
        for (String reply : replies) {
            var call = harness.pendingRedisCalls().get(0);
            queries.add(call.queryText());
            call.reply(reply);
        }
        assertThat(harness.pendingRedisCalls()).as("calls left").isEmpty();
        return queries;
    }

    @Test
    void computesTheShaOnceAsRedisDoes() {
        assertThat(RedisScript.of("x", "return 1").sha1()).isEqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
        assertThat(List.of(SCRIPT.name(), SCRIPT.text())).containsExactly("test",
                "return redis.call('incr', KEYS[1])");
    }

    @Test
    void rejectsAScriptWithoutText() {
        assertThatThrownBy(() -> RedisScript.of("x", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a script needs a name and a non-empty text");
    }

    @Test
    void sendsEvalshaAndDeliversItsReply() {
        RedisTestPlugin.Request request = run();

        assertThat(answer(":1\r\n")).containsExactly(EVALSHA);
        assertThat(request.callback.outcomes()).containsExactly(RespValue.integer(1));
    }

    static Stream<Arguments> evalshaErrorsThatEvalAnswers() {
        String unknown = message(UNKNOWN_EVALSHA);
        return Stream.of(
                Arguments.of("NOSCRIPT: EVAL for this run only", NOSCRIPT, EVALSHA,
                        List.of(STARTED, PREFIX + "redis has no cached test script; sending it with EVAL")),
                Arguments.of("unknown command: EVAL from now on, for this client", UNKNOWN_EVALSHA, EVAL,
                        List.of(STARTED, PREFIX + "redis answered EVALSHA with \"" + unknown + "\"; trying EVAL",
                                PREFIX + "redis answered EVALSHA with \"" + unknown + "\" but runs the script sent "
                                        + "with EVAL: sending it with EVAL from now on")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evalshaErrorsThatEvalAnswers")
    void sendsEvalAfterAnEvalshaErrorAndThenWhatTheErrorTells(String name, String evalshaError, String nextQuery,
            List<String> logs) {
        RedisTestPlugin.Request first = run();
        List<String> firstQueries = answer(evalshaError, ":1\r\n");
        RedisTestPlugin.Request second = run();

        assertThat(firstQueries).containsExactly(EVALSHA, EVAL);
        assertThat(answer(":2\r\n")).containsExactly(nextQuery);
        assertThat(List.of(first.callback.outcomes(), second.callback.outcomes()))
                .containsExactly(List.of(RespValue.integer(1)), List.of(RespValue.integer(2)));
        // Debug, then (the second case) the warning, once; the rate limiter's scenarios check the levels.
        assertThat(harness.logs()).isEqualTo(logs);
    }

    @Test
    void remembersThatEvalshaIsMissingWhenEvalFailsInsideTheScript() {
        RedisTestPlugin.Request first = run();
        answer(UNKNOWN_EVALSHA, RUN_ERROR);
        run();

        assertThat(answer(":1\r\n")).containsExactly(EVAL);
        assertThat(first.callback.outcomes()).containsExactly("RedisReplyException(WRONGTYPE): " + message(RUN_ERROR));
        assertThat(harness.logs()).containsExactly(STARTED, trying(UNKNOWN_EVALSHA), PREFIX
                + "redis answered EVALSHA with \"" + message(UNKNOWN_EVALSHA)
                + "\" but runs the script sent with EVAL: sending it with EVAL from now on");
    }

    @Test
    void remembersNothingWhenEvalFailsToo() {
        RedisTestPlugin.Request first = run();
        List<String> firstQueries = answer(LOADING, LOADING);
        run();

        assertThat(firstQueries).containsExactly(EVALSHA, EVAL);
        assertThat(answer(":1\r\n")).containsExactly(EVALSHA);
        assertThat(first.callback.outcomes())
                .containsExactly("RedisReplyException(LOADING): LOADING Redis is loading the dataset in memory");
        assertThat(harness.logs()).containsExactly(STARTED, trying(LOADING));
    }

    @Test
    void failsOnAnErrorOfTheScriptWithoutSendingEval() {
        RedisTestPlugin.Request request = run();

        assertThat(answer(RUN_ERROR)).containsExactly(EVALSHA);
        assertThat(request.callback.outcomes())
                .containsExactly("RedisReplyException(WRONGTYPE): " + message(RUN_ERROR));
        run();
        assertThat(answer(":1\r\n")).containsExactly(EVALSHA);
    }

    @Test
    void tellsAnErrorOfTheScriptFromOneThatEchoesItsSha() {
        String redis6 = "ERR Error running script (call to f_" + SCRIPT.sha1() + "): @user_script:1: WRONGTYPE";

        assertThat(List.of(SCRIPT.isRunError(RUN_ERROR), SCRIPT.isRunError(redis6),
                SCRIPT.isRunError(UNKNOWN_EVALSHA), RedisScript.of("other", "return 2").isRunError(RUN_ERROR)))
                .containsExactly(true, true, false, false);
    }

    @Test
    void passesFailuresOfTheHostThrough() {
        RedisTestPlugin.Request request = run();

        harness.pendingRedisCalls().get(0).fail(2);

        assertThat(request.callback.failures()).singleElement()
                .isInstanceOfSatisfying(RedisCallException.class,
                        failure -> assertThat(failure.kind()).isEqualTo(RedisCallException.Kind.CALL_FAILED));
        assertThat(harness.pendingRedisCalls()).isEmpty();
    }

    @Test
    void callCompletesThePromiseWithTheReplyAfterTheFallback() {
        List<Promise<RespValue>> made = new ArrayList<>();
        plugin.send(harness, (client, callback) -> made.add(SCRIPT.call(client, List.of("k"), List.of(7))));

        assertThat(answer(NOSCRIPT, ":5\r\n")).containsExactly(EVALSHA, EVAL);
        assertThat(made.get(0).value()).isEqualTo(RespValue.integer(5));
    }
}
