package io.wasmjava.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A value the module's heap cannot hold is refused before it is copied in: the module's allocator answers 0, the
 * host fails the copy with {@code INVALID_MEMORY_ACCESS} (as proxy-wasm-cpp-host's {@code copyToPointerSize} does),
 * and the SDK reports a {@code PayloadTooLargeException} ("free heap") instead of reaching TeaVM's out-of-memory
 * trap. The probe plugin accepts bodies of any size, so only the heap decides; {@code heap-keep} fills it first.
 */
class HeapRefusalWasmIT {
    private static final int MIB = 1024 * 1024;
    private PluginHarness harness;

    @BeforeEach
    void start() {
        harness = PluginHarness.builder(Engines.wasm(Path.of("target/main.wasm"))).config("{}").build();
        assertThat(harness.start()).isTrue();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aBodyTheHeapCannotHoldIsAnsweredPayloadTooLargeAndTheVmGoesOn() {
        probe("heap-keep", 100 * MIB);

        HttpStream refused = post(new byte[40 * MIB]);

        assertThat(refused.localResponse()).isEqualTo(new LocalResponse(413, "request_payload_too_large",
                "Payload Too Large".getBytes(StandardCharsets.UTF_8), Headers.empty(), -1));
        assertThat(harness.logs(LogLevel.WARN)).singleElement().satisfies(line -> assertThat(line)
                .startsWith("[probe-plugin] [nil] [nil] request body of " + 40 * MIB + " bytes exceeds the free heap of ")
                .endsWith(" bytes: answered 413"));

        // Released, the same body fits again.
        probe("heap-release", 0);
        HttpStream accepted = post(new byte[40 * MIB]);
        assertThat(accepted.localResponse()).isEqualTo(LocalResponse.of(200, Headers.empty(),
                "body of " + 40 * MIB + " bytes"));
    }

    @Test
    void aBodyOverTheWholeHeapIsRefusedInAFreshVm() {
        HttpStream refused = post(new byte[200 * MIB]);

        assertThat(refused.localResponse().statusCode()).isEqualTo(413);
        HttpStream small = post("ping".getBytes(StandardCharsets.UTF_8));
        assertThat(small.localResponse()).isEqualTo(LocalResponse.of(200, Headers.empty(), "body of 4 bytes"));
    }

    private void probe(String name, int operand) {
        HttpStream stream = harness.newStream();
        stream.requestHeaders(Headers.of(":method", "GET", ":path", "/", ":authority", "probe",
                "x-probe", name, "x-operand", Integer.toString(operand)), true);
        assertThat(stream.localResponse().statusCode()).isEqualTo(200);
        stream.complete();
    }

    private HttpStream post(byte[] body) {
        HttpStream stream = harness.newStream();
        stream.requestHeaders(Headers.of(":method", "POST", ":path", "/", ":authority", "probe"), false);
        DataStatus status = stream.requestBody(body, true);
        assertThat(status).isEqualTo(DataStatus.STOP_ITERATION_NO_BUFFER);
        return stream;
    }
}
