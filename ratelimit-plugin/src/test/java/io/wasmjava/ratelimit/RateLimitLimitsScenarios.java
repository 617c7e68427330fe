package io.wasmjava.ratelimit;

import static io.wasmjava.ratelimit.RateLimitScenarios.CLUSTER;
import static io.wasmjava.ratelimit.RateLimitScenarios.PREFIX;
import static io.wasmjava.ratelimit.RateLimitScenarios.REQUEST;
import static io.wasmjava.ratelimit.RateLimitScenarios.RESPONSE;
import static io.wasmjava.ratelimit.RateLimitScenarios.failedCheck;
import static io.wasmjava.ratelimit.RateLimitScenarios.global;
import static io.wasmjava.ratelimit.RateLimitScenarios.outcome;
import static io.wasmjava.ratelimit.RateLimitScenarios.rejected;
import static io.wasmjava.ratelimit.RateLimitScenarios.sendPaused;
import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.Headers;
import io.wasmjava.core.Limits;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Sizes at the plugin's limits: a configuration of megabytes loads, one over {@code maxConfigurationBytes} fails
 * configure with its size, and a Redis reply over {@code maxRedisReplyBytes} is a failed check under
 * {@code failure_mode}. {@link RateLimitLimitsTest} runs these on the JVM, {@link RateLimitLimitsWasmIT} as Wasm.
 */
abstract class RateLimitLimitsScenarios extends PluginScenarios {
    private static final long CONFIG_LIMIT = Limits.DEFAULT_MAX_CONFIGURATION_BYTES;

    private static String withRejectedMessage(int length) {
        char[] message = new char[length];
        Arrays.fill(message, 'm');
        return global(1, "'rejected_msg': '" + new String(message) + "'");
    }

    @Test
    void aFiveMegabyteConfigurationLoadsAndItsMessageIsServed() {
        String config = withRejectedMessage(5_000_000);
        PluginHarness harness = start(config);
        FakeRedis redis = new FakeRedis(harness);
        HttpStream first = sendPaused(harness, REQUEST);
        redis.answerAll();
        HttpStream second = sendPaused(harness, REQUEST);
        redis.answerAll();

        assertThat(outcome(first)).isEqualTo("allowed");
        assertThat(second.localResponse().statusCode()).isEqualTo(429);
        assertThat(second.localResponse().body()).hasSize(5_000_000);
        assertThat(config.getBytes(StandardCharsets.UTF_8).length).isLessThan((int) CONFIG_LIMIT);
    }

    @Test
    void aConfigurationOverTheLimitFailsWithItsSize() {
        String config = withRejectedMessage((int) CONFIG_LIMIT);
        int size = config.getBytes(StandardCharsets.UTF_8).length;
        PluginHarness harness = track(harness().config(config).build());

        assertThat(harness.start()).isFalse();

        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(
                PREFIX + "parse config failed: configuration of " + size + " bytes exceeds the maxConfigurationBytes of "
                        + CONFIG_LIMIT + " bytes",
                PREFIX + "plugin start failed");
    }

    @Test
    void aRedisReplyOverTheLimitIsAFailedCheck() {
        PluginHarness harness = start(global(3, ""));
        HttpStream stream = sendPaused(harness, REQUEST);
        int size = (int) Limits.DEFAULT_MAX_REDIS_REPLY_BYTES + 1;
        // Never decoded: the size alone decides.
        byte[] reply = new byte[size];
        Arrays.fill(reply, (byte) 'x');

        harness.pendingRedisCalls().get(0).reply(reply);

        assertThat(outcome(stream)).isEqualTo("allowed");
        assertThat(harness.logs(LogLevel.ERROR)).containsExactly(failedCheck("allow", "redis call to cluster "
                + CLUSTER + ": Redis reply of " + size + " bytes exceeds the maxRedisReplyBytes of "
                + Limits.DEFAULT_MAX_REDIS_REPLY_BYTES + " bytes"));
    }

    // ---- numbers from Redis are bounded before they reach a header ----

    @Test
    void aTtlBeyondTheWindowGivesARetryAfterOfTheWindow() {
        PluginHarness harness = start(global(3, "'show_limit_quota_header': true, 'ietf_headers': true, "
                + "'retry_after_header': true"));
        HttpStream stream = sendPaused(harness, REQUEST);

        harness.pendingRedisCalls().get(0).reply("*3\r\n:3\r\n:4\r\n:9223372036854775807\r\n");

        assertThat(stream.localResponse()).isEqualTo(rejected(Headers.of(
                "x-ratelimit-limit", "3", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "60",
                "retry-after", "60", "ratelimit-policy", "\"routeA\";q=3;w=60", "ratelimit", "\"routeA\";r=0;t=60"),
                "Too many requests"));
    }

    @Test
    void aNegativeCounterSetByHandGivesAtMostTheThresholdAsRemaining() {
        PluginHarness harness = start(global(3, "'show_limit_quota_header': true, 'reset_header_on_allowed': true"));
        HttpStream stream = sendPaused(harness, REQUEST);

        harness.pendingRedisCalls().get(0).reply("*3\r\n:3\r\n:-9223372036854775807\r\n:30\r\n");
        stream.responseHeaders(RESPONSE, true);

        assertThat(outcome(stream)).isEqualTo("allowed");
        assertThat(stream.responseHeaders()).isEqualTo(RESPONSE.newBuilder().add("x-ratelimit-limit", "3")
                .add("x-ratelimit-remaining", "3").add("x-ratelimit-reset", "30").build());
    }

    @Test
    void aCounterFarOverTheThresholdIsRejected() {
        PluginHarness harness = start(global(3, ""));
        HttpStream stream = sendPaused(harness, REQUEST);

        harness.pendingRedisCalls().get(0).reply("*3\r\n:3\r\n:9223372036854775807\r\n:12\r\n");

        assertThat(stream.localResponse()).isEqualTo(rejected(
                Headers.of("x-ratelimit-reset", "12"), "Too many requests"));
    }

    // ---- large rule sets ----

    @Test
    void tenThousandRuleItemsConfigureAndTheLastOneLimits() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            items.append(i == 0 ? "" : ", ").append("{'limit_by_header': 'x-k").append(i)
                    .append("', 'limit_keys': [{'key': 'v', 'query_per_minute': ").append(i + 1).append("}]}");
        }
        PluginHarness harness = start(RateLimitScenarios.json("{'rule_name': 'routeA', 'rule_items': [" + items
                + "], " + RateLimitScenarios.REDIS + "}"));
        HttpStream stream = sendPaused(harness, RateLimitScenarios.request("/api", "x-k9999", "v"));

        assertThat(RateLimitScenarios.argumentsOf(harness.pendingRedisCalls().get(0)).subList(3, 6))
                .containsExactly("higress-cluster-key-rate-limit:routeA:limit_by_header:60:x-k9999:v", "10000", "60");
        stream.complete();
    }
}
