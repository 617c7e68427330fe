package io.wasmjava.examples.body;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The body rewrite plugin; {@link BodyRewriteTest} runs it on the JVM, {@link BodyRewriteWasmIT} as Wasm. */
abstract class BodyRewriteScenarios extends PluginScenarios {
    private static final String CONFIG = "{\"from\": \"secret\", \"to\": \"******\"}";
    private static final Headers REQUEST = Headers.of(":authority", "example.com", ":method", "POST",
            ":path", "/upload", ":scheme", "http", "content-length", "0", "x-request-id", "req-1");
    private static final Headers FORWARDED = Headers.of(":authority", "example.com", ":method", "POST",
            ":path", "/upload", ":scheme", "http", "x-request-id", "req-1");
    private static final int MIB = 1024 * 1024;

    @Test
    void rewritesEveryOccurrenceInABodyThatArrivesInChunks() {
        HttpStream stream = start(CONFIG).newStream();

        assertThat(stream.requestHeaders(REQUEST, false)).isEqualTo(HeaderStatus.CONTINUE);
        assertThat(stream.requestBody("user=ann&pass=sec", false)).isEqualTo(DataStatus.STOP_ITERATION_AND_BUFFER);
        assertThat(stream.requestBody("ret&again=secretsecret", true)).isEqualTo(DataStatus.CONTINUE);

        assertThat(stream.requestHeaders()).isEqualTo(FORWARDED);
        assertThat(stream.requestBodyText()).isEqualTo("user=ann&pass=******&again=************");
        assertThat(stream.localResponse()).isNull();
    }

    @Test
    void rewritesAnEightMegabyteBody() {
        HttpStream stream = start(CONFIG).newStream();
        byte[] body = filler(8 * MIB);
        plant(body, 0, "secret");
        plant(body, 4 * MIB + 1, "secret");
        plant(body, body.length - 6, "secret");
        byte[] expected = body.clone();
        plant(expected, 0, "******");
        plant(expected, 4 * MIB + 1, "******");
        plant(expected, body.length - 6, "******");

        stream.requestHeaders(REQUEST, false);
        assertThat(stream.requestBody(body, true)).isEqualTo(DataStatus.CONTINUE);

        assertThat(Arrays.equals(stream.requestBody(), expected)).as("rewritten 8 MiB body").isTrue();
        assertThat(stream.localResponse()).isNull();
    }

    @Test
    void answersPayloadTooLargeForABodyOverTheLimitWithoutReadingIt() {
        PluginHarness harness = start(CONFIG);
        HttpStream stream = harness.newStream();
        byte[] body = filler(BodyRewritePlugin.MAX_BODY_MIB * MIB + 1);

        stream.requestHeaders(REQUEST, false);
        assertThat(stream.requestBody(body, true)).isEqualTo(DataStatus.STOP_ITERATION_NO_BUFFER);

        assertThat(stream.localResponse()).isEqualTo(new LocalResponse(413, "request_payload_too_large",
                "Payload Too Large".getBytes(StandardCharsets.UTF_8), Headers.empty(), -1));
        assertThat(harness.logs(LogLevel.WARN)).containsExactly("[body-rewrite] [nil] [req-1] request body of "
                + (32 * MIB + 1) + " bytes exceeds the maxBodyBytes of " + 32 * MIB + " bytes: answered 413");
    }

    @Test
    void refusesABodyAsSoonAsWhatIsBufferedPassesTheLimit() {
        HttpStream stream = start(CONFIG).newStream();
        stream.requestHeaders(REQUEST, false);

        assertThat(stream.requestBody(filler(20 * MIB), false)).isEqualTo(DataStatus.STOP_ITERATION_AND_BUFFER);
        assertThat(stream.requestBody(filler(20 * MIB), false)).isEqualTo(DataStatus.STOP_ITERATION_NO_BUFFER);

        assertThat(stream.localResponse().statusCode()).isEqualTo(413);
        // The rest of the stream passes the plugin by: its body handler is off.
        assertThat(stream.requestBody("secret", true)).isEqualTo(DataStatus.CONTINUE);
        assertThat(stream.localResponses()).hasSize(1);
    }

    @Test
    void aNewStreamAfterARefusedOneIsRewrittenAgain() {
        PluginHarness harness = start(CONFIG);
        HttpStream big = harness.newStream();
        big.requestHeaders(REQUEST, false);
        big.requestBody(filler(33 * MIB), true);
        big.complete();
        HttpStream small = harness.newStream();

        small.requestHeaders(REQUEST, false);
        small.requestBody("a secret", true);

        assertThat(small.requestBodyText()).isEqualTo("a ******");
        assertThat(small.localResponse()).isNull();
    }

    private static byte[] filler(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    private static void plant(byte[] body, int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, body, at, bytes.length);
    }
}
