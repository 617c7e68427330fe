package io.wasmjava.ratelimit;

import static io.wasmjava.ratelimit.RateLimitScenarios.CALL_FAILED;
import static io.wasmjava.ratelimit.RateLimitScenarios.CLUSTER;
import static io.wasmjava.ratelimit.RateLimitScenarios.PREFIX;
import static io.wasmjava.ratelimit.RateLimitScenarios.REQUEST;
import static io.wasmjava.ratelimit.RateLimitScenarios.UNAVAILABLE;
import static io.wasmjava.ratelimit.RateLimitScenarios.argumentsOf;
import static io.wasmjava.ratelimit.RateLimitScenarios.failedCheck;
import static io.wasmjava.ratelimit.RateLimitScenarios.global;
import static io.wasmjava.ratelimit.RateLimitScenarios.json;
import static io.wasmjava.ratelimit.RateLimitScenarios.outcome;
import static io.wasmjava.ratelimit.RateLimitScenarios.request;
import static io.wasmjava.ratelimit.RateLimitScenarios.sendFailing;
import static io.wasmjava.ratelimit.RateLimitScenarios.sendPaused;
import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.host.RedisInit;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the rate limiter does when Redis fails, written once: {@link RateLimitRedisFailureTest} runs it on the JVM and
 * {@link RateLimitRedisFailureWasmIT} against the compiled {@code target/main.wasm}. Redis is {@link FakeRedis}.
 *
 * <p>The oracle is Higress {@code cluster-key-rate-limit} at alibaba/higress 4e0d6914 with the wasm-go SDK its
 * {@code go.mod} pins (higress-group/wasm-go 41d65dbb, {@code pkg/wrapper/redis_wrapper.go}):
 * <ul>
 *   <li>A refused init does not fail the configuration: {@code Init} logs {@code failed to init redis: <err>, will
 *       retry later} at WARN and returns nil (redis_wrapper.go:247-251), so {@code parseConfig} goes on
 *       (config.go:128, main.go:91-94). Every command first re-runs the init (redis_wrapper.go:233-245, 257-266); if
 *       that fails, {@code Eval} returns the error and the request continues (main.go:151-153).</li>
 *   <li>The plugin always sends {@code EVAL} with the script's text (main.go:127, redis_wrapper.go:264-275); any
 *       reply that is not an array of three, error replies and the SDK's "cannot connect to redis cluster" for a
 *       failed call (redis_wrapper.go:149-151) included, is logged and the request resumes (main.go:128-133).</li>
 *   <li>There is no circuit breaker and no {@code failure_mode}; both are this plugin's additions.</li>
 * </ul>
 */
abstract class RateLimitRedisFailureScenarios extends PluginScenarios {
    static final String OTHER_CLUSTER = "outbound|6379||other.dns";
    static final String INIT_REFUSED = "redis init for cluster " + CLUSTER + " failed: proxy_redis_init: BAD_ARGUMENT";
    static final String GLOBAL_KEY = RateLimitScenarios.GLOBAL_KEY;
    /** Redis 7.0's answer to EVALSHA renamed away with {@code rename-command} (checked against redis-server 7.0.15). */
    static final String UNKNOWN_EVALSHA = "-ERR unknown command 'evalsha', with args beginning with: '"
            + FixedWindowScript.SHA1 + "' '1' '" + GLOBAL_KEY + "' '2' '60' \r\n";

    /** A harness whose host has no cluster for the configured Redis service: {@code proxy_redis_init} is refused. */
    PluginHarness startWithoutRedisCluster(String config) {
        return start(harness().knownClusters(OTHER_CLUSTER).config(config));
    }

    /** The command names of every pending call, e.g. {@code [evalsha]}. */
    static List<String> pendingCommands(PluginHarness harness) {
        List<String> commands = new ArrayList<>();
        for (PendingRedisCall call : harness.pendingRedisCalls()) {
            commands.add(argumentsOf(call).get(0));
        }
        return commands;
    }

    // ---- init ----

    @Test
    void loadsTheConfigurationWhenTheHostRefusesRedisInitAndSaysItWillRetry() {
        PluginHarness harness = startWithoutRedisCluster(global(3, ""));

        assertThat(harness.logs(LogLevel.WARN)).containsExactly(
                PREFIX + "failed to init redis: " + INIT_REFUSED + ", will retry later");
        assertThat(harness.logs(LogLevel.ERROR)).isEmpty();
        assertThat(harness.redisInits()).isEmpty();
    }

    @Test
    void retriesTheInitForEachRequestAndLetsRequestsThroughUntilItSucceedsUnderFailureModeAllow() {
        PluginHarness harness = startWithoutRedisCluster(global(3, "'show_limit_quota_header': true"));
        FakeRedis redis = new FakeRedis(harness);
        List<HeaderStatus> statuses = new ArrayList<>();
        List<HttpStream> streams = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpStream stream = harness.newStream();
            statuses.add(stream.requestHeaders(REQUEST, true));
            streams.add(stream);
        }
        streams.get(0).responseHeaders(RateLimitScenarios.RESPONSE, true);
        assertThat(harness.pendingRedisCalls()).isEmpty();

        // The service's cluster appears (its endpoints were registered): the next request's init succeeds.
        harness.host().setKnownClusters(null);
        HttpStream afterwards = redis.sendAndAnswer(REQUEST);

        assertThat(statuses).containsExactly(HeaderStatus.CONTINUE, HeaderStatus.CONTINUE);
        assertThat(streams).extracting(RateLimitScenarios::outcome).containsExactly("passed", "passed");
        assertThat(streams.get(0).responseHeaders()).isEqualTo(RateLimitScenarios.RESPONSE);
        assertThat(outcome(afterwards)).isEqualTo("allowed");
        assertThat(harness.redisInits()).containsExactly(new RedisInit(
                CLUSTER + "?buffer_flush_timeout=3&max_buffer_size_before_flush=1024", "", "", 1000));
        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(failedCheck("allow", INIT_REFUSED),
                failedCheck("allow", INIT_REFUSED));
        assertThat(harness.logs(LogLevel.INFO)).contains(PREFIX + "redis init succeeded on retry");
        assertThat(redis.counter(GLOBAL_KEY)).isEqualTo(1L);
    }

    @Test
    void answersTheFailureStatusForEachRequestWhileTheInitFailsUnderFailureModeDeny() {
        PluginHarness harness = startWithoutRedisCluster(global(3, "'failure_mode': 'deny'"));
        List<HeaderStatus> statuses = new ArrayList<>();
        List<LocalResponse> responses = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            HttpStream stream = harness.newStream();
            statuses.add(stream.requestHeaders(REQUEST, true));
            responses.addAll(stream.localResponses());
        }

        assertThat(statuses).containsOnly(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK).hasSize(3);
        assertThat(responses).containsExactly(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
        assertThat(harness.pendingRedisCalls()).isEmpty();
    }

    @Test
    void doesNotOpenTheBreakerWhileTheInitFailsSoTheFirstRequestAfterwardsReachesRedis() {
        PluginHarness harness = startWithoutRedisCluster(global(3, "'circuit_breaker': {'failures': 1}"));
        for (int i = 0; i < 3; i++) {
            harness.newStream().requestHeaders(REQUEST, true);
        }

        harness.host().setKnownClusters(null);
        HttpStream first = sendPaused(harness, REQUEST);
        new FakeRedis(harness).answerOnly();

        assertThat(outcome(first)).isEqualTo("allowed");
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(
                PREFIX + "failed to init redis: " + INIT_REFUSED + ", will retry later");
    }

    // ---- EVALSHA ----

    /** Error replies to EVALSHA that say the service lacks it; the script itself runs with EVAL. */
    static Stream<Arguments> evalshaUnavailable() {
        return Stream.of(
                Arguments.of("EVALSHA renamed away (Redis 7, echoes the SHA-1)", UNKNOWN_EVALSHA),
                Arguments.of("unknown command (Redis 2.6 to 6)", "-ERR unknown command 'evalsha'\r\n"),
                Arguments.of("ACL without EVALSHA (Redis 6+)",
                        "-NOPERM this user has no permissions to run the 'evalsha' command\r\n"),
                Arguments.of("a proxy's own error", "-ERR unsupported command\r\n"),
                Arguments.of("an error with no message", "-\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evalshaUnavailable")
    void fallsBackToEvalAndSendsOnlyEvalOnceEvalWorksWhereEvalshaDidNot(String name, String evalshaError) {
        PluginHarness harness = start(global(2, ""));
        FakeRedis redis = new FakeRedis(harness).withoutEvalsha(evalshaError);
        List<String> outcomes = new ArrayList<>();

        HttpStream first = redis.sendAndAnswer(REQUEST);
        assertThat(first.requestResumed()).as("resumed after the EVALSHA error").isFalse();
        redis.answerOnly();
        outcomes.add(outcome(first));
        for (int i = 0; i < 2; i++) {
            HttpStream stream = sendPaused(harness, REQUEST);
            assertThat(pendingCommands(harness)).containsExactly("eval");
            redis.answerOnly();
            outcomes.add(outcome(stream));
        }

        assertThat(outcomes).containsExactly("allowed", "allowed", "answered 429");
        assertThat(redis.commands()).containsExactly("evalsha " + GLOBAL_KEY, "eval " + GLOBAL_KEY,
                "eval " + GLOBAL_KEY, "eval " + GLOBAL_KEY);
        String message = evalshaError.substring(1, evalshaError.length() - 2);
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PREFIX + "redis answered EVALSHA with \"" + message
                + "\" but runs the script sent with EVAL: sending it with EVAL from now on");
        assertThat(harness.logs(LogLevel.ERROR)).isEmpty();
    }

    @Test
    void remembersPerConfigurationThatEvalshaIsUnavailable() {
        PluginHarness harness = start(json("{'rule_name': 'routeA', 'global_threshold': {'query_per_minute': 100}, "
                + RateLimitScenarios.REDIS + ", '_rules_': [{'_match_route_': ['route-proxy'], 'rule_name': 'proxied', "
                + "'global_threshold': {'query_per_minute': 100}, " + RateLimitScenarios.REDIS + "}]}"));
        FakeRedis redis = new FakeRedis(harness).withoutEvalsha(UNKNOWN_EVALSHA);
        redis.sendAndAnswer(REQUEST);
        redis.answerOnly();

        harness.newStream().property("route_name", "route-proxy").requestHeaders(REQUEST, true);
        harness.newStream().requestHeaders(REQUEST, true);

        // Each configuration has its own client, so the rule learns on its own (both go to the same fake here).
        assertThat(pendingCommands(harness)).containsExactly("evalsha", "eval");
    }

    /** Error replies to EVALSHA that are not about EVALSHA: EVAL gets them too, and nothing is remembered. */
    static Stream<Arguments> errorsOfTheService() {
        return Stream.of(
                Arguments.of("loading", "-LOADING Redis is loading the dataset in memory\r\n"),
                Arguments.of("busy", "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or "
                        + "SHUTDOWN NOSCRIPT.\r\n"),
                Arguments.of("wrong password", "-WRONGPASS invalid username-password pair or user is disabled.\r\n"),
                Arguments.of("too many clients", "-ERR max number of clients reached\r\n"),
                Arguments.of("cluster down", "-CLUSTERDOWN The cluster is down\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorsOfTheService")
    void triesEvalOnceAndAppliesTheFailurePolicyWhenEvalFailsTooWithoutRemembering(String name, String error) {
        PluginHarness harness = start(global(3, "'failure_mode': 'deny', 'circuit_breaker': {'failures': 1}"));
        HttpStream stream = sendPaused(harness, REQUEST);
        List<List<String>> sent = new ArrayList<>();

        for (int i = 0; i < 2; i++) {
            sent.add(pendingCommands(harness));
            harness.pendingRedisCalls().get(0).reply(error);
        }
        sendPaused(harness, REQUEST);

        assertThat(sent).containsExactly(List.of("evalsha"), List.of("eval"));
        assertThat(stream.localResponses()).containsExactly(UNAVAILABLE);
        assertThat(pendingCommands(harness)).as("the next request, breaker closed").containsExactly("evalsha");
        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(
                failedCheck("deny", error.substring(1, error.length() - 2)));
        assertThat(harness.logs(LogLevel.WARN)).isEmpty();
    }

    @Test
    void countsAnEvalThatGetsNoAnswerAfterAnEvalshaErrorForTheBreakerAndRemembersNothing() {
        PluginHarness harness = start(global(3, "'circuit_breaker': {'failures': 1}"));
        HttpStream stream = sendPaused(harness, REQUEST);
        harness.pendingRedisCalls().get(0).reply(UNKNOWN_EVALSHA);

        harness.pendingRedisCalls().get(0).fail(CALL_FAILED);
        harness.advanceTime(10_000);
        sendPaused(harness, REQUEST);

        assertThat(outcome(stream)).isEqualTo("allowed");
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PREFIX + "redis circuit breaker opened after 1 "
                + "consecutive failures: requests skip redis for 10 s");
        assertThat(pendingCommands(harness)).as("the probe").containsExactly("evalsha");
    }

    // ---- script errors and the breaker ----

    /** A script error of each Redis generation: the server has EVALSHA and ran the script on a bad key. */
    static Stream<Arguments> scriptErrors() {
        return Stream.of(
                Arguments.of("WRONGTYPE, Redis 7", FakeRedis.WRONGTYPE),
                Arguments.of("Lua runtime error, Redis 7", "-ERR user_script:3: attempt to compare nil with number "
                        + "script: " + FixedWindowScript.SHA1 + ", on @user_script:3.\r\n"),
                Arguments.of("WRONGTYPE, Redis 2.6 to 6", "-ERR Error running script (call to f_"
                        + FixedWindowScript.SHA1 + "): @user_script:1: WRONGTYPE Operation against a key holding the "
                        + "wrong kind of value\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scriptErrors")
    void failsTheCheckOfAKeyWhoseScriptFailsWithoutEvalAndWithoutOpeningTheBreakerForTheRule(String name,
            String scriptError) {
        PluginHarness harness = start(json("{'rule_name': 'routeA', 'failure_mode': 'deny', "
                + "'circuit_breaker': {'failures': 1}, 'rule_items': [{'limit_by_per_header': 'x-user', "
                + "'limit_keys': [{'key': '*', 'query_per_minute': 5}]}], " + RateLimitScenarios.REDIS + "}"));
        FakeRedis redis = new FakeRedis(harness);
        HttpStream broken = sendPaused(harness, request("/", "x-user", "ann"));

        harness.pendingRedisCalls().get(0).reply(scriptError);
        List<String> afterTheError = pendingCommands(harness);
        HttpStream other = sendPaused(harness, request("/", "x-user", "bob"));
        redis.answerOnly();
        HttpStream again = sendPaused(harness, request("/", "x-user", "ann"));

        assertThat(afterTheError).as("calls after the script error").isEmpty();
        assertThat(broken.localResponses()).containsExactly(UNAVAILABLE);
        assertThat(outcome(other)).isEqualTo("allowed");
        assertThat(pendingCommands(harness)).as("the same key again, breaker closed").containsExactly("evalsha");
        assertThat(again.localResponses()).isEmpty();
        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(
                failedCheck("deny", scriptError.substring(1, scriptError.length() - 2)));
        assertThat(harness.logs(LogLevel.WARN)).isEmpty();
    }

    @Test
    void remembersMissingEvalshaWhenEvalReachesTheScriptAndTheScriptFails() {
        PluginHarness harness = start(global(3, ""));
        FakeRedis redis = new FakeRedis(harness).withoutEvalsha(UNKNOWN_EVALSHA).hashAt(GLOBAL_KEY);
        HttpStream stream = sendPaused(harness, REQUEST);

        redis.answerOnly();
        redis.answerOnly();
        sendPaused(harness, REQUEST);

        assertThat(outcome(stream)).isEqualTo("allowed");
        assertThat(pendingCommands(harness)).containsExactly("eval");
        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(
                failedCheck("allow", FakeRedis.WRONGTYPE.substring(1, FakeRedis.WRONGTYPE.length() - 2)));
        assertThat(harness.logs(LogLevel.WARN)).hasSize(1);
    }

    /** Answers that fail one check without a delay: not breaker events. */
    static Stream<Arguments> badAnswers() {
        return Stream.of(
                Arguments.of("an array of two", "*2\r\n:3\r\n:1\r\n",
                        "unexpected reply from the rate-limit script: *2[:3, :1]"),
                Arguments.of("another threshold", "*3\r\n:4\r\n:1\r\n:60\r\n",
                        "unexpected reply from the rate-limit script: *3[:4, :1, :60]"),
                Arguments.of("a threshold of Long.MAX_VALUE", "*3\r\n:9223372036854775807\r\n:1\r\n:12\r\n",
                        "unexpected reply from the rate-limit script: *3[:9223372036854775807, :1, :12]"),
                Arguments.of("a simple string", "+OK\r\n", "unexpected reply from the rate-limit script: +OK"),
                Arguments.of("not RESP", "HTTP/1.1 400 Bad Request\r\n",
                        "malformed reply: type byte: 'H' (0x48) (expected: one of + - : $ *; RESP3 and inline "
                                + "commands are not supported) at offset 0"),
                Arguments.of("a script error", FakeRedis.WRONGTYPE,
                        FakeRedis.WRONGTYPE.substring(1, FakeRedis.WRONGTYPE.length() - 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAnswers")
    void aBadAnswerIsAFailedCheckThatFailureModeAllowLetsThrough(String name, String answer, String reason) {
        PluginHarness harness = start(global(3, ""));
        HttpStream stream = sendPaused(harness, REQUEST);

        harness.pendingRedisCalls().get(0).reply(answer);

        assertThat(outcome(stream)).isEqualTo("allowed");
        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(failedCheck("allow", reason));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAnswers")
    void aBadAnswerFailsTheCheckButNeitherCountsForTheBreakerNorKeepsItOpen(String name, String answer,
            String reason) {
        PluginHarness harness = start(global(3, "'circuit_breaker': {'failures': 2, 'open_seconds': 5}"));
        FakeRedis redis = new FakeRedis(harness);
        sendFailing(harness, REQUEST);

        for (int i = 0; i < 3; i++) { // a run of bad answers, each ending the run of unanswered calls
            sendPaused(harness, REQUEST);
            harness.pendingRedisCalls().get(0).reply(answer);
        }
        sendFailing(harness, REQUEST);
        HttpStream stillChecked = redis.sendAndAnswer(REQUEST);

        assertThat(outcome(stillChecked)).isEqualTo("allowed");
        assertThat(harness.logs(LogLevel.ERROR)).filteredOn(line -> !line.contains("host status"))
                .containsExactly(failedCheck("allow", reason), failedCheck("allow", reason),
                        failedCheck("allow", reason));
        assertThat(harness.logs(LogLevel.WARN)).isEmpty();
    }

    @Test
    void closesTheBreakerWhenTheProbeGetsAnyAnswer() {
        PluginHarness harness = start(global(3, "'circuit_breaker': {'failures': 1, 'open_seconds': 5}"));
        sendFailing(harness, REQUEST);
        harness.advanceTime(5_000);
        HttpStream probe = sendPaused(harness, REQUEST);

        harness.pendingRedisCalls().get(0).reply(FakeRedis.WRONGTYPE);
        HttpStream next = sendPaused(harness, REQUEST);

        assertThat(outcome(probe)).isEqualTo("allowed");
        assertThat(next.requestResumed()).isFalse();
        assertThat(pendingCommands(harness)).containsExactly("evalsha");
        assertThat(harness.logs(LogLevel.INFO)).contains(PREFIX + "redis circuit breaker closed: the probe succeeded");
    }

    @Test
    void countsARefusedDispatchForTheBreaker() {
        PluginHarness harness = start(global(3, "'circuit_breaker': {'failures': 2}"));
        // The cluster goes away after a successful init: the host refuses to dispatch to it.
        harness.host().setKnownClusters(List.of(OTHER_CLUSTER));
        List<HeaderStatus> statuses = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            statuses.add(harness.newStream().requestHeaders(REQUEST, true));
        }

        assertThat(statuses).containsOnly(HeaderStatus.CONTINUE).hasSize(3);
        String refused = "redis call to cluster " + CLUSTER + " refused: proxy_redis_call: BAD_ARGUMENT";
        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(failedCheck("allow", refused),
                failedCheck("allow", refused));
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PREFIX + "redis circuit breaker opened after 2 "
                + "consecutive failures: requests skip redis for 10 s");
    }
}
