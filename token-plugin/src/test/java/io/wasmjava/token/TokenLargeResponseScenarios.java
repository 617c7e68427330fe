package io.wasmjava.token;

import static io.wasmjava.token.TokenPluginScenarios.JSON_SOURCE;
import static io.wasmjava.token.TokenPluginScenarios.PLUGIN_LOG;
import static io.wasmjava.token.TokenPluginScenarios.REQUEST;
import static io.wasmjava.token.TokenPluginScenarios.assertResumedWithBearer;
import static io.wasmjava.token.TokenPluginScenarios.onlyCall;
import static io.wasmjava.token.TokenPluginScenarios.plus;
import static io.wasmjava.token.TokenPluginScenarios.request;
import static io.wasmjava.token.TokenPluginScenarios.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.Limits;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Token services that answer with large bodies (a token next to hundreds of KB of metadata): the token is found in
 * any body up to the plugin's callout limit, and a larger body is a failed fetch, never a trapped VM.
 * {@link TokenLargeResponseTest} runs these on the JVM, {@link TokenLargeResponseWasmIT} as the compiled module.
 */
abstract class TokenLargeResponseScenarios extends PluginScenarios {
    private static final long LIMIT = Limits.DEFAULT_MAX_CALLOUT_RESPONSE_BYTES;

    /** {"data":{"access_token":"tok-big","expires_in":60,"padding":"xxx…"}} of exactly {@code size} bytes. */
    static byte[] paddedTokenBody(int size) {
        String head = "{\"data\":{\"access_token\":\"tok-big\",\"expires_in\":60,\"padding\":\"";
        String tail = "\"}}";
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(headBytes, 0, body, 0, headBytes.length);
        System.arraycopy(tailBytes, 0, body, size - tailBytes.length, tailBytes.length);
        return body;
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {300_000, 300_003, 2_000_000, 2_000_005, 6_000_001})
    void findsTheTokenInALargeJsonBody(int size) {
        PluginHarness harness = start(JSON_SOURCE);
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        onlyCall(harness).respond(200, Headers.of("content-type", "application/json"), paddedTokenBody(size));

        assertResumedWithBearer(stream, "tok-big");
        // The cached token serves the next request without a fetch.
        HttpStream next = request(harness, HeaderStatus.CONTINUE);
        assertThat(next.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-big"));
    }

    @ParameterizedTest(name = "failureMode {0}")
    @ValueSource(strings = {"allow", "deny"})
    void aBodyOverTheCalloutLimitIsAFailedFetch(String failureMode) {
        PluginHarness harness = start(with(JSON_SOURCE, "\"failureMode\":\"" + failureMode + "\""));
        HttpStream stream = request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        int size = (int) LIMIT + 1;

        onlyCall(harness).respond(200, Headers.of("content-type", "application/json"), paddedTokenBody(size));

        if (failureMode.equals("allow")) {
            assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
            assertThat(stream.requestResumeCount()).isEqualTo(1);
            assertThat(stream.localResponse()).isNull();
        } else {
            assertThat(stream.localResponses()).containsExactly(
                    LocalResponse.of(503, Headers.empty(), "token service unavailable"));
        }
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(PLUGIN_LOG + "token fetch failed: RESPONSE_TOO_LARGE: "
                + "HTTP call response body of " + size + " bytes exceeds the maxCalloutResponseBytes of " + LIMIT
                + " bytes" + TokenPluginScenarios.PAUSED);
    }
}
