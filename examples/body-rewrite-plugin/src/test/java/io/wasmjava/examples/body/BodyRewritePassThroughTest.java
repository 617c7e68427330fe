package io.wasmjava.examples.body;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.Limits;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import org.junit.jupiter.api.Test;

/** {@link Limits.BodyOverflow#PASS_THROUGH}: a body over the limit skips the handler and is forwarded unchanged. */
class BodyRewritePassThroughTest extends PluginScenarios {
    private static final Headers REQUEST = Headers.of(":authority", "example.com", ":method", "POST",
            ":path", "/upload", ":scheme", "http", "x-request-id", "req-1");

    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(BodyRewritePlugin.definition(
                Limits.newBuilder().maxBodyBytes(16).bodyOverflow(Limits.BodyOverflow.PASS_THROUGH).build())));
    }

    @Test
    void aBodyOverTheLimitIsForwardedWithoutTheHandler() {
        PluginHarness harness = start("{\"from\": \"secret\", \"to\": \"******\"}");
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, false);

        assertThat(stream.requestBody("a secret ", false)).isEqualTo(DataStatus.STOP_ITERATION_AND_BUFFER);
        assertThat(stream.requestBody("and another secret", true)).isEqualTo(DataStatus.CONTINUE);

        assertThat(stream.requestBodyText()).isEqualTo("a secret and another secret");
        assertThat(stream.localResponse()).isNull();
        assertThat(harness.logs(LogLevel.WARN)).containsExactly("[body-rewrite] [nil] [req-1] request body of 27 "
                + "bytes exceeds the maxBodyBytes of 16 bytes: passed on without the body handler");
    }

    @Test
    void aBodyWithinTheLimitIsStillRewritten() {
        PluginHarness harness = start("{\"from\": \"secret\", \"to\": \"******\"}");
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, false);

        stream.requestBody("a secret", true);

        assertThat(stream.requestBodyText()).isEqualTo("a ******");
    }
}
