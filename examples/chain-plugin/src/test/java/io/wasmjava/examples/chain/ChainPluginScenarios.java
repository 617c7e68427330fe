package io.wasmjava.examples.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.host.PendingHttpCall;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chain plugin's behaviour, each scenario once per style ({@link EachStyle}): the Promise chain and the nested
 * callbacks must be indistinguishable from outside. {@link ChainPluginTest} runs them on the JVM,
 * {@link ChainPluginWasmIT} against the compiled module.
 */
abstract class ChainPluginScenarios extends PluginScenarios {
    private static final String TOKEN_CLUSTER = "outbound|80||token.static";
    private static final String REDIS_CLUSTER = "outbound|80||redis.static";
    private static final String BACKEND_CLUSTER = "outbound|80||backend.static";
    private static final String LOG_PREFIX = "[chain-plugin] [nil] [req-1] ";
    private static final String FAILED = LOG_PREFIX + "request chain failed: "
            + "io.wasmjava.examples.chain.ChainStepException: ";
    /** The values of {@link EachStyle}, for tables that cross them with other arguments. */
    private static final List<String> STYLES = List.of("promise", "callbacks");
    private static final Headers REQUEST = Headers.of(":authority", "example.com", ":method", "GET",
            ":path", "/orders", ":scheme", "http", "x-request-id", "req-1");

    private static String config(String style) {
        return "{\"style\": \"" + style + "\"}";
    }

    /** Starts the plugin and sends the request headers, which the plugin must hold. */
    private HttpStream startRequest(String style) {
        HttpStream stream = start(config(style)).newStream();
        assertThat(stream.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        return stream;
    }

    private static PendingHttpCall onlyHttpCall(PluginHarness harness, String cluster) {
        List<PendingHttpCall> calls = harness.pendingHttpCalls();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).cluster()).isEqualTo(cluster);
        return calls.get(0);
    }

    private static PendingRedisCall onlyRedisCall(PluginHarness harness) {
        List<PendingRedisCall> calls = harness.pendingRedisCalls();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).cluster()).isEqualTo(REDIS_CLUSTER);
        return calls.get(0);
    }

    /** The harness of the running scenario. */
    private PluginHarness lastHarness;

    @Override
    protected PluginHarness start(String configJson) {
        lastHarness = super.start(configJson);
        return lastHarness;
    }

    /** Answers the token step successfully; leaves the quota call pending. */
    private static void passToken(PluginHarness harness) {
        onlyHttpCall(harness, TOKEN_CLUSTER).respond(200, "t-1");
    }

    /** Answers the token and quota steps successfully; leaves the backend call pending. */
    private static void passTokenAndQuota(PluginHarness harness) {
        passToken(harness);
        onlyRedisCall(harness).reply("$2\r\n42\r\n");
    }

    private void assertAnswered(HttpStream stream, String step) {
        assertThat(stream.localResponse()).isEqualTo(LocalResponse.of(503, Headers.empty(), "chain failed at " + step));
        assertThat(stream.localResponses()).hasSize(1);
        assertThat(stream.requestResumed()).isFalse();
        assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
        assertThat(lastHarness.pendingHttpCalls()).isEmpty();
        assertThat(lastHarness.pendingRedisCalls()).isEmpty();
        assertThat(lastHarness.logs(LogLevel.ERROR)).isEmpty();
        assertThat(lastHarness.logs(LogLevel.CRITICAL)).isEmpty();
    }

    @EachStyle
    void addsTheGrantAndResumesWhenEveryStepSucceeds(String style) {
        HttpStream stream = startRequest(style);

        PendingHttpCall token = onlyHttpCall(lastHarness, TOKEN_CLUSTER);
        assertThat(token.headers()).isEqualTo(Headers.of(":method", "GET", ":path", "/token",
                ":authority", "token.static"));
        token.respond(200, "t-1\n");
        PendingRedisCall quota = onlyRedisCall(lastHarness);
        assertThat(quota.queryText()).isEqualTo("*2\r\n$3\r\nget\r\n$9\r\nquota:t-1\r\n");
        quota.reply("$2\r\n42\r\n");
        PendingHttpCall backend = onlyHttpCall(lastHarness, BACKEND_CLUSTER);
        assertThat(backend.headers()).isEqualTo(Headers.of("x-quota", "42", ":method", "GET", ":path", "/reserve",
                ":authority", "backend.static"));
        assertThat(stream.requestResumed()).isFalse();
        backend.respond(200, "r-7");

        assertThat(stream.requestResumeCount()).isEqualTo(1);
        assertThat(stream.requestHeaders()).isEqualTo(REQUEST.newBuilder().add("authorization", "Bearer t-1")
                .add("x-quota", "42").add("x-reservation", "r-7").build());
        assertThat(stream.localResponse()).isNull();
        assertThat(lastHarness.logs(LogLevel.WARN)).isEmpty();
        assertThat(lastHarness.logs(LogLevel.ERROR)).isEmpty();
        assertThat(lastHarness.logs(LogLevel.CRITICAL)).isEmpty();
        stream.complete();
    }

    @EachStyle
    void acceptsAQuotaSentAsAnIntegerReply(String style) {
        HttpStream stream = startRequest(style);
        passToken(lastHarness);

        onlyRedisCall(lastHarness).reply(":7\r\n");
        onlyHttpCall(lastHarness, BACKEND_CLUSTER).respond(201, "r-8");

        assertThat(stream.requestHeaders()).isEqualTo(REQUEST.newBuilder().add("authorization", "Bearer t-1")
                .add("x-quota", "7").add("x-reservation", "r-8").build());
        assertThat(stream.requestResumeCount()).isEqualTo(1);
    }

    /**
     * One way a step of the chain fails: what the test does once the steps before it succeeded, the step the plugin
     * names and the reason it logs.
     */
    private record StepFailure(String name, Consumer<PluginHarness> fail, String step, String reason) {
        static StepFailure ofToken(String name, Consumer<PendingHttpCall> fail, String reason) {
            return new StepFailure(name, harness -> fail.accept(onlyHttpCall(harness, TOKEN_CLUSTER)), "token", reason);
        }

        static StepFailure ofQuota(String name, Consumer<PendingRedisCall> fail, String reason) {
            return new StepFailure(name, harness -> {
                passToken(harness);
                fail.accept(onlyRedisCall(harness));
            }, "quota", reason);
        }

        static StepFailure ofBackend(String name, Consumer<PendingHttpCall> fail, String reason) {
            return new StepFailure(name, harness -> {
                passTokenAndQuota(harness);
                fail.accept(onlyHttpCall(harness, BACKEND_CLUSTER));
            }, "backend", reason);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> stepFailures() {
        List<StepFailure> failures = List.of(
                StepFailure.ofToken("token call reset", PendingHttpCall::reset,
                        "call reset after 0 ms without a response"),
                new StepFailure("token call gets no response in time", harness -> {
                    harness.advanceTime(500);
                    onlyHttpCall(harness, TOKEN_CLUSTER).reset();
                }, "token", "no response within 500 ms"),
                StepFailure.ofToken("Envoy times the token call out", PendingHttpCall::timeout,
                        "token service answered 504"),
                StepFailure.ofToken("token service answers with an error", call -> call.respond(500, "oops"),
                        "token service answered 500"),
                StepFailure.ofToken("token is empty", call -> call.respond(200, " "),
                        "token service answered 200 with an empty body"),
                StepFailure.ofQuota("redis call fails", quota -> quota.fail(1),
                        "redis call to cluster " + REDIS_CLUSTER + " failed with host status 1"),
                StepFailure.ofQuota("redis replies with an error", quota -> quota.reply("-ERR out of memory\r\n"),
                        "ERR out of memory"),
                StepFailure.ofQuota("token has no quota", quota -> quota.reply("$-1\r\n"), "no quota for this token"),
                StepFailure.ofQuota("quota is not a whole number", quota -> quota.reply("$3\r\nabc\r\n"),
                        "quota is not a whole number: $3 \"abc\""),
                StepFailure.ofBackend("backend call reset", PendingHttpCall::reset,
                        "call reset after 0 ms without a response"),
                StepFailure.ofBackend("backend refuses", call -> call.respond(429, "over quota"),
                        "backend answered 429"));
        return STYLES.stream().flatMap(style -> failures.stream().map(failure -> arguments(style, failure)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("stepFailures")
    void answersWithTheFailureStatusNamingTheStepThatFailed(String style, StepFailure failure) {
        HttpStream stream = startRequest(style);

        failure.fail().accept(lastHarness);

        assertAnswered(stream, failure.step());
        assertThat(lastHarness.logs(LogLevel.WARN)).containsExactly(
                FAILED + failure.step() + " step failed: " + failure.reason());
    }

    @EachStyle
    void answersAtOnceWhenTheTokenCallCannotBeDispatched(String style) {
        PluginHarness harness = start(harness().config(config(style)).knownClusters(REDIS_CLUSTER, BACKEND_CLUSTER));
        lastHarness = harness;
        HttpStream stream = harness.newStream();

        assertThat(stream.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        assertAnswered(stream, "token");
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(FAILED + "token step failed: dispatch to cluster "
                + TOKEN_CLUSTER + " refused: proxy_http_call: BAD_ARGUMENT");
    }

    @EachStyle
    void answersWithTheConfiguredFailureStatus(String style) {
        HttpStream stream = start("{\"style\": \"" + style + "\", \"failureStatus\": 502}").newStream();
        stream.requestHeaders(REQUEST, true);

        onlyHttpCall(lastHarness, TOKEN_CLUSTER).reset();

        assertThat(stream.localResponse()).isEqualTo(LocalResponse.of(502, Headers.empty(), "chain failed at token"));
    }

    @EachStyle
    void stopsSilentlyWhenTheClientGoesAwayMidChain(String style) {
        HttpStream stream = startRequest(style);
        passToken(lastHarness);
        PendingRedisCall quota = onlyRedisCall(lastHarness);

        stream.complete();
        quota.reply("$2\r\n42\r\n");

        assertThat(lastHarness.pendingHttpCalls()).isEmpty();
        assertThat(stream.localResponses()).isEmpty();
        assertThat(stream.requestResumed()).isFalse();
        assertThat(lastHarness.logs(LogLevel.WARN)).isEmpty();
        assertThat(lastHarness.logs(LogLevel.ERROR)).isEmpty();
        assertThat(lastHarness.logs(LogLevel.CRITICAL)).isEmpty();
    }

    @EachStyle
    void keepsConcurrentRequestsApartWhenAnsweredOutOfOrder(String style) {
        PluginHarness harness = start(config(style));
        HttpStream first = harness.newStream();
        HttpStream second = harness.newStream();
        Headers secondRequest = Headers.of(":path", "/second", "x-request-id", "req-2");
        first.requestHeaders(REQUEST, true);
        second.requestHeaders(secondRequest, true);
        List<PendingHttpCall> tokens = harness.pendingHttpCalls();
        assertThat(tokens).extracting(PendingHttpCall::contextId)
                .containsExactly(first.contextId(), second.contextId());

        tokens.get(1).respond(200, "t-2");
        tokens.get(0).respond(200, "t-1");
        List<PendingRedisCall> quotas = harness.pendingRedisCalls();
        assertThat(quotas).extracting(PendingRedisCall::queryText).containsExactly(
                "*2\r\n$3\r\nget\r\n$9\r\nquota:t-2\r\n", "*2\r\n$3\r\nget\r\n$9\r\nquota:t-1\r\n");
        quotas.get(1).reply(":1\r\n");
        quotas.get(0).fail(1);

        onlyHttpCall(harness, BACKEND_CLUSTER).respond(200, "r-1");
        assertThat(first.requestHeaders()).isEqualTo(REQUEST.newBuilder().add("authorization", "Bearer t-1")
                .add("x-quota", "1").add("x-reservation", "r-1").build());
        assertThat(first.requestResumeCount()).isEqualTo(1);
        assertThat(first.localResponse()).isNull();
        assertThat(second.localResponse())
                .isEqualTo(LocalResponse.of(503, Headers.empty(), "chain failed at quota"));
        assertThat(second.requestResumed()).isFalse();
        assertThat(harness.logs(LogLevel.WARN)).containsExactly("[chain-plugin] [nil] [req-2] request chain failed: "
                + "io.wasmjava.examples.chain.ChainStepException: quota step failed: redis call to cluster "
                + REDIS_CLUSTER + " failed with host status 1");
    }

    @EachStyle
    void initialisesRedisWhenConfigured(String style) {
        PluginHarness harness = start(config(style));

        assertThat(harness.redisInits()).hasSize(1);
        assertThat(harness.redisInits().get(0).cluster()).startsWith(REDIS_CLUSTER + "?");
    }

    /** Starts with {@code configJson}, which the plugin must refuse, logging {@code problem} and the failed start. */
    private void assertRefused(String configJson, String problem) {
        PluginHarness harness = track(harness().config(configJson).build());

        assertThat(harness.start()).isFalse();

        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(
                "[chain-plugin] [nil] [nil] parse rule config failed: " + problem,
                "[chain-plugin] [nil] [nil] plugin start failed");
    }

    @EachStyle
    void rejectsAnUnknownField(String style) {
        assertRefused("{\"style\": \"" + style + "\", \"tokenUrl\": \"x\"}", "tokenUrl: unknown field");
    }

    @Test
    void rejectsAnUnknownStyle() {
        assertRefused("{\"style\": \"nested\"}",
                "style: must be \"promise\" or \"callbacks\" but was \"nested\"");
    }
}
