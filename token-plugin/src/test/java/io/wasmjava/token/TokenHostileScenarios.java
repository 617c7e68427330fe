package io.wasmjava.token;

import static io.wasmjava.token.TokenPluginScenarios.JSON_SOURCE;
import static io.wasmjava.token.TokenPluginScenarios.PLUGIN_LOG;
import static io.wasmjava.token.TokenPluginScenarios.REQUEST;
import static io.wasmjava.token.TokenPluginScenarios.assertResumedWithBearer;
import static io.wasmjava.token.TokenPluginScenarios.onlyCall;
import static io.wasmjava.token.TokenPluginScenarios.plus;
import static io.wasmjava.token.TokenPluginScenarios.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.HeaderValidator;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.host.PendingHttpCall;
import io.wasmjava.testkit.HostileInputs;
import io.wasmjava.testkit.HostileInputs.Input;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token plugin under hostile input (issue "Never trap, never stall, never inject"): configurations, token
 * service answers and client headers from {@link HostileInputs}. Each case must finish in bounded time without a
 * trap and with an outcome a caller can act on; no uncaught exception (logged at CRITICAL), and nothing from the
 * token service ever reaches the upstream except a valid token. {@link TokenHostileTest} runs it on the JVM,
 * {@link TokenHostileWasmIT} as the compiled module.
 */
abstract class TokenHostileScenarios extends PluginScenarios {
    private static final String DENY = with(JSON_SOURCE, "\"failureMode\":\"deny\"");

    /** The configurations whose mutations {@link #configurations} adds; each loads as it is. */
    static final List<String> MUTATED = List.of(
            with(JSON_SOURCE, "\"cacheTtlSeconds\":60,\"requestHeaders\":{\"x-client\":\"gw\"},"
                    + "\"injectHeader\":\"x-auth\",\"failureMode\":\"deny\""),
            with(JSON_SOURCE, "\"expiresAtJsonPath\":\"data.at\",\"lifetimeFromJwt\":true,"
                    + "\"lifetimeFromCacheControl\":true,\"fetchBackoffMillis\":200,\"fetchBackoffMaxMillis\":800,"
                    + "\"failureModeAllowHeaderAdd\":true,\"failureModeAllowHeaderName\":\"x-no-token\","
                    + "\"invalidateOnStatuses\":[401,403],\"skipRules\":[{\"path\":\"/healthz\",\"methods\":[\"GET\"]},"
                    + "{\"path\":\"/public/\",\"pathMatch\":\"prefix\"}]"));

    static Stream<Input<byte[]>> configurations() {
        return Stream.concat(HostileInputs.configurations().stream(),
                MUTATED.stream().flatMap(config -> HostileInputs.mutationsOf(config, 60).stream()));
    }

    @Test
    void eachMutatedConfigurationLoadsAsItIs() {
        for (String config : MUTATED) {
            start(config);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void aHostileConfigurationLoadsOrFailsWithAReason(Input<byte[]> config) {
        configuresOrRefuses(config.value(), harness -> {
            HttpStream stream = harness.newStream();
            HeaderStatus status = stream.requestHeaders(REQUEST, true);
            for (PendingHttpCall call : harness.pendingHttpCalls()) {
                call.reset();
            }
            assertThat(status).isIn(HeaderStatus.CONTINUE, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
            assertThat(stream.requestResumeCount() == 1 || stream.localResponse() != null
                    || status == HeaderStatus.CONTINUE).as("the request has an outcome").isTrue();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.testkit.HostileInputs#jsonBodies")
    void aHostileTokenResponseIsAFailedFetchUnderThePolicy(Input<byte[]> body) {
        hostile(() -> {
            PluginHarness harness = start(DENY);
            HttpStream stream = harness.newStream();
            assertThat(stream.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

            onlyCall(harness).respond(200, Headers.of("content-type", "application/json"), body.value());

            assertThat(stream.localResponses()).containsExactly(
                    LocalResponse.of(503, Headers.empty(), "token service unavailable"));
            assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
            assertThat(harness.logs(LogLevel.WARN)).singleElement()
                    .satisfies(line -> assertThat(line).startsWith(PLUGIN_LOG + "token fetch failed: "));
        });
    }

    /** Values a header can carry unchanged (a lone surrogate cannot: the host would carry '?'). */
    static Stream<Input<String>> tokens() {
        return HostileInputs.headerValues().stream().filter(value -> value.value()
                .equals(new String(value.value().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void aHostileTokenIsInjectedOnlyIfItIsAValidHeaderValue(Input<String> token) {
        hostile(() -> {
            PluginHarness harness = start(with(TokenPluginScenarios.SEED, "\"failureMode\":\"deny\""));
            HttpStream stream = harness.newStream();
            stream.requestHeaders(REQUEST, true);

            // unchecked: a token service can send what Envoy's codec would refuse from a client.
            onlyCall(harness).respond(Headers.unchecked(":status", "200", "x-token", token.value()), new byte[0]);

            String carried = token.value();
            if (!carried.isEmpty() && HeaderValidator.invalidValueIndex(carried) < 0) {
                assertThat(stream.localResponse()).isNull();
                assertThat(stream.requestHeaders()).isEqualTo(plus(REQUEST, "x-token", carried));
            } else {
                assertThat(stream.localResponse()).isEqualTo(
                        LocalResponse.of(503, Headers.empty(), "token service unavailable"));
                assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
            }
            if (carried.length() >= 8) {
                assertThat(String.join("\n", harness.logs())).doesNotContain(carried);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.testkit.HostileInputs#headerValues")
    void aHostileClientHeaderNeverSurvivesNextToTheInjectedToken(Input<String> value) {
        hostile(() -> {
            PluginHarness harness = start(JSON_SOURCE);
            HttpStream stream = harness.newStream();
            stream.requestHeaders(Headers.unchecked(":authority", "api.example", ":method", "GET", ":path", "/orders",
                    ":scheme", "https", "x-request-id", "req-1", "authorization", value.value()), true);

            TokenPluginScenarios.answerJson(onlyCall(harness), "tok-1", 60);

            assertThat(stream.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
        });
    }

    @ParameterizedTest(name = "expires_in {0}")
    @ValueSource(strings = {"1e999999", "99999999999999999999", "-5", "0"})
    void anExtremeLifetimeStillDeliversTheTokenAndIsBounded(String expiresIn) {
        PluginHarness harness = start(JSON_SOURCE);
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, true);

        onlyCall(harness).respond(200, Headers.of("content-type", "application/json"),
                ("{\"data\": {\"access_token\": \"t\", \"expires_in\": " + expiresIn + "}}").getBytes());

        assertResumedWithBearer(stream, "t");
        assertThat(harness.logs(LogLevel.CRITICAL)).isEmpty();
    }

    @Test
    void answersForEndedRequestsAndStrayTokensAreIgnored() {
        PluginHarness harness = start(JSON_SOURCE);
        HttpStream ended = harness.newStream();
        ended.requestHeaders(REQUEST, true);
        ended.complete();
        PendingHttpCall call = onlyCall(harness);
        TokenPluginScenarios.answerJson(call, "tok-late", 60);

        harness.deliverStrayHttpCallResponse(call.token(), Headers.of(":status", "200"), "{}".getBytes());
        harness.deliverStrayHttpCallResponse(424_242, Headers.of(":status", "200"), "{}".getBytes());
        HttpStream next = harness.newStream();

        assertThat(next.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(next.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-late"));
        assertThat(ended.requestResumeCount()).isZero();
        assertThat(harness.logs(LogLevel.CRITICAL)).isEmpty();
    }

    // ---- policy (issue #15): lifetime sources and skip rules under hostile input ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void aHostileTokenReadAsAJwtNeverTrapsAndFallsBack(Input<String> token) {
        hostile(() -> {
            PluginHarness harness = start(with(TokenPluginScenarios.SEED,
                    "\"failureMode\":\"deny\",\"lifetimeFromJwt\":true,\"cacheTtlSeconds\":30"));
            HttpStream stream = harness.newStream();
            stream.requestHeaders(REQUEST, true);

            onlyCall(harness).respond(Headers.unchecked(":status", "200", "x-token", token.value()), new byte[0]);

            String carried = token.value();
            if (!carried.isEmpty() && HeaderValidator.invalidValueIndex(carried) < 0) {
                assertThat(stream.requestHeaders()).isEqualTo(plus(REQUEST, "x-token", carried));
                assertThat(harness.logs(LogLevel.INFO)).last().satisfies(line -> assertThat(line)
                        .startsWith(PLUGIN_LOG + "token fetched: " + carried.length() + " chars, cached for 30 s "
                                + "(JWT exp not read: "));
            } else {
                assertThat(stream.localResponse()).isEqualTo(
                        LocalResponse.of(503, Headers.empty(), "token service unavailable"));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.testkit.HostileInputs#jsonBodies")
    void aJwtWithAHostilePayloadNeverTrapsAndFallsBack(Input<byte[]> payload) {
        hostile(() -> {
            String token = "eyJhbGciOiJub25lIn0."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.value()) + ".c2ln";
            PluginHarness harness = start(with(TokenPluginScenarios.SEED,
                    "\"lifetimeFromJwt\":true,\"cacheTtlSeconds\":30"));
            HttpStream stream = harness.newStream();
            stream.requestHeaders(REQUEST, true);

            onlyCall(harness).respond(200, Headers.of("x-token", token), new byte[0]);

            assertThat(stream.requestHeaders()).isEqualTo(plus(REQUEST, "x-token", token));
            assertThat(harness.logs(LogLevel.INFO)).last().satisfies(line -> assertThat(line)
                    .startsWith(PLUGIN_LOG + "token fetched: " + token.length() + " chars, cached for 30 s (JWT exp "
                            + "not read: JWT "));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.testkit.HostileInputs#headerValues")
    void aHostileCacheControlNeverTrapsAndTheTokenIsStillDelivered(Input<String> cacheControl) {
        hostile(() -> {
            PluginHarness harness = start(with(JSON_SOURCE, "\"lifetimeFromCacheControl\":true"));
            HttpStream stream = harness.newStream();
            stream.requestHeaders(REQUEST, true);

            onlyCall(harness).respond(Headers.unchecked(":status", "200", "cache-control", cacheControl.value()),
                    "{\"data\": {\"access_token\": \"t\", \"expires_in\": 60}}".getBytes(StandardCharsets.UTF_8));

            assertResumedWithBearer(stream, "t");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.testkit.HostileInputs#headerValues")
    void aHostilePathOrMethodMeetsTheSkipRulesInBoundedTime(Input<String> value) {
        hostile(() -> {
            PluginHarness harness = start(with(JSON_SOURCE, "\"skipRules\":[{\"path\":\"aaaa!\","
                    + "\"pathMatch\":\"contains\"},{\"path\":\"/public/\",\"pathMatch\":\"prefix\",\"methods\":[\"GET\"]}]"));
            for (String[] pseudo : new String[][] {{":path", value.value()}, {":method", value.value()}}) {
                HttpStream stream = harness.newStream();
                Headers request = Headers.unchecked(":authority", "api.example", ":method",
                        pseudo[0].equals(":method") ? pseudo[1] : "GET", ":path",
                        pseudo[0].equals(":path") ? pseudo[1] : "/public/x", ":scheme", "https");
                HeaderStatus status = stream.requestHeaders(request, true);
                for (PendingHttpCall call : harness.pendingHttpCalls()) {
                    call.reset();
                }
                assertThat(status).isIn(HeaderStatus.CONTINUE, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
            }
        });
    }
}
