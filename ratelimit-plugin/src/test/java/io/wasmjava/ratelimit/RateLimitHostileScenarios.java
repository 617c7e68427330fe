package io.wasmjava.ratelimit;

import static io.wasmjava.ratelimit.RateLimitScenarios.PREFIX;
import static io.wasmjava.ratelimit.RateLimitScenarios.REDIS;
import static io.wasmjava.ratelimit.RateLimitScenarios.json;
import static io.wasmjava.ratelimit.RateLimitScenarios.outcome;
import static io.wasmjava.ratelimit.RateLimitScenarios.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.testkit.HostileInputs;
import io.wasmjava.testkit.HostileInputs.Input;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rate limiter under hostile input (issue "Never trap, never stall, never inject"): configurations, request
 * headers and Redis replies from {@link HostileInputs}. Each case must finish in bounded time without a trap, with an
 * outcome a caller can act on: a refused configuration with its reason, or a request allowed, passed or answered;
 * never an uncaught exception (logged at CRITICAL). {@link RateLimitHostileTest} runs it on the JVM,
 * {@link RateLimitHostileWasmIT} as the compiled module.
 */
abstract class RateLimitHostileScenarios extends PluginScenarios {
    /** Every kind of key the plugin reads from a request, each with a catch-all or pattern key. */
    static final String EVERY_KEY_KIND = json("{'rule_name': 'routeA', 'rule_items': ["
            + "{'limit_by_header': 'x-api-key', 'limit_keys': [{'key': 'k1', 'query_per_minute': 5}]},"
            + "{'limit_by_per_header': 'x-user', 'limit_keys': [{'key': 'regexp:^vip-[0-9]+$', 'query_per_minute': 5},"
            + " {'key': 'regexp:(a+)+$', 'query_per_minute': 5}, {'key': 'regexp:(?i)^[[:alpha:]]+\\\\pL$',"
            + " 'query_per_minute': 5},"
            + " {'key': '*', 'query_per_minute': 5}]},"
            + "{'limit_by_per_param': 'apikey', 'limit_keys': [{'key': '*', 'query_per_minute': 5}]},"
            + "{'limit_by_per_cookie': 'sid', 'limit_keys': [{'key': '*', 'query_per_minute': 5}]},"
            + "{'limit_by_per_consumer': '', 'limit_keys': [{'key': '*', 'query_per_minute': 5}]},"
            + "{'limit_by_per_ip': 'from-header-x-forwarded-for', 'limit_keys': [{'key': '0.0.0.0/0', "
            + "'query_per_minute': 5}, {'key': '::/0', 'query_per_minute': 5}]}], "
            + "'show_limit_quota_header': true, " + REDIS + "}");

    static Stream<Input<byte[]>> configurations() {
        return Stream.concat(HostileInputs.configurations().stream(),
                HostileInputs.mutationsOf(EVERY_KEY_KIND, 60).stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void aHostileConfigurationLoadsOrFailsWithAReason(Input<byte[]> config) {
        configuresOrRefuses(config.value(), harness -> {
            // It loaded: it must also serve a request.
            HttpStream stream = harness.newStream();
            stream.requestHeaders(request("/api?apikey=a", "x-api-key", "k1", "x-user", "u"), true);
            new FakeRedis(harness).answerAll();
            assertThat(outcome(stream)).isIn("allowed", "passed", "answered 429");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.testkit.HostileInputs#headerValues")
    void aHostileValueInEveryHeaderTheLimiterReadsGetsAnOutcome(Input<String> value) {
        hostile(() -> {
            PluginHarness harness = start(EVERY_KEY_KIND);
            // unchecked: Envoy's codecs refuse some of these; a plugin must survive them anyway.
            Headers headers = Headers.unchecked(":authority", "example.com", ":method", "GET", ":scheme", "http",
                    ":path", "/api?apikey=" + value.value(), "x-api-key", value.value(), "x-user", value.value(),
                    "cookie", "sid=" + value.value(), "x-mse-consumer", value.value(),
                    "x-forwarded-for", value.value());
            FakeRedis redis = new FakeRedis(harness);
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                HttpStream stream = harness.newStream();
                HeaderStatus status = stream.requestHeaders(headers, true);
                redis.answerAll();
                assertThat(status).isIn(HeaderStatus.CONTINUE, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
                outcomes.add(outcome(stream));
                stream.complete();
            }
            // Whatever the value, the first five requests of a key pass and the limit holds after them.
            assertThat(outcomes.subList(0, 5)).allMatch(o -> o.equals("allowed") || o.equals("passed"));
            if (outcomes.get(0).equals("allowed")) {
                assertThat(outcomes.subList(5, 7)).containsOnly("answered 429");
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.testkit.HostileInputs#respReplies")
    void aHostileRedisReplyIsAFailedOrAValidCheck(Input<byte[]> reply) {
        hostile(() -> {
            PluginHarness harness = start(RateLimitScenarios.global(3, ""));
            HttpStream stream = harness.newStream();
            assertThat(stream.requestHeaders(RateLimitScenarios.REQUEST, true))
                    .isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

            // An error reply to EVALSHA is followed by one EVAL, answered the same way; nothing more is sent.
            int calls = 0;
            while (!harness.pendingRedisCalls().isEmpty()) {
                assertThat(++calls).as("Redis calls for one request").isLessThanOrEqualTo(2);
                harness.pendingRedisCalls().get(0).reply(reply.value());
            }

            // failure_mode allow: a reply that is not the script's verdict lets the request through, logged.
            assertThat(outcome(stream)).isIn("allowed", "answered 429");
            if (outcome(stream).equals("allowed")) {
                assertThat(harness.logs(LogLevel.ERROR)).singleElement()
                        .satisfies(line -> assertThat(line).startsWith(PREFIX + "rate limit check failed"));
            }
        });
    }

    @Test
    void repliesForEndedRequestsAndStrayTokensAreIgnored() {
        PluginHarness harness = start(RateLimitScenarios.global(3, ""));
        HttpStream ended = harness.newStream();
        ended.requestHeaders(RateLimitScenarios.REQUEST, true);
        PendingRedisCall late = harness.pendingRedisCalls().get(0);
        ended.complete();
        late.reply("*3\r\n:3\r\n:1\r\n:60\r\n");

        HttpStream answered = harness.newStream();
        answered.requestHeaders(RateLimitScenarios.REQUEST, true);
        PendingRedisCall call = harness.pendingRedisCalls().get(0);
        call.reply("*3\r\n:3\r\n:2\r\n:60\r\n");
        // The same token again, and one never issued: a host that misbehaves.
        harness.deliverStrayRedisCallResponse(call.token(), 0, "*3\r\n:3\r\n:4\r\n:60\r\n".getBytes());
        harness.deliverStrayRedisCallResponse(999_999, 0, "*3\r\n:3\r\n:4\r\n:60\r\n".getBytes());

        assertThat(ended.requestResumeCount()).isZero();
        assertThat(ended.localResponse()).isNull();
        assertThat(answered.requestResumeCount()).isEqualTo(1);
        assertThat(answered.localResponse()).isNull();
        assertThat(harness.logs(LogLevel.ERROR)).isEmpty();
        assertThat(harness.logs(LogLevel.CRITICAL)).isEmpty();
    }
}
