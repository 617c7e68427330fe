package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.HostStatusException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The emulator's model of Higress's side-effect properties and foreign functions: span tags, the VM rebuild flag,
 * {@code set_global_max_requests_per_io_cycle} and {@code get_log_level}.
 */
class HostEmulatorHigressTest {
    private final HostEmulator host = new HostEmulator();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsSpanTagsOnTheRequestAndNotAsProperties() {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.empty());

        host.setProperty(List.of("trace_span_tag.model"), bytes("qwen"));
        host.setProperty(List.of("trace_span_tag.n"), bytes("1"));
        host.setProperty(List.of("trace_span_tag.model"), bytes("qwen-max"));

        assertThat(host.streams.stream(stream).spanTags).containsExactly(Map.entry("model", "qwen-max"),
                Map.entry("n", "1"));
        assertThat(host.property(List.of("trace_span_tag.model"))).isNull();
    }

    @Test
    void refusesSpanTagsOutsideARequest() {
        host.createRootContext();
        host.enterCallback(HostEmulator.ROOT_CONTEXT_ID);

        assertThatThrownBy(() -> host.setProperty(List.of("trace_span_tag.model"), bytes("qwen")))
                .isInstanceOfSatisfying(HostStatusException.class,
                        e -> assertThat(e.status()).isEqualTo(HostStatus.NOT_FOUND));
    }

    @Test
    void countsRebuildRequests() {
        HostFixtures.streamInHeaderCallback(host, Headers.empty());

        host.setProperty(List.of("wasm_need_rebuild"), bytes("true"));
        host.setProperty(List.of("wasm_need_rebuild"), bytes("false"));
        host.setProperty(List.of("wasm_need_rebuild"), bytes("true"));

        assertThat(host.rebuildRequests()).isEqualTo(2);
    }

    @Test
    void hasNoVmMemorySizeWithoutLinearMemory() {
        HostFixtures.streamInHeaderCallback(host, Headers.empty());

        assertThat(host.property(List.of("plugin_vm_memory"))).isNull();
    }

    @Test
    void answersVmMemoryAsALittleEndianU64UnlessSetExplicitly() {
        host.measureVmMemory(() -> 104_857_600L);
        HostFixtures.streamInHeaderCallback(host, Headers.empty());

        assertThat(host.property(List.of("plugin_vm_memory"))).containsExactly(0, 0, 0x40, 6, 0, 0, 0, 0);

        host.setHostProperty(List.of("plugin_vm_memory"), new byte[] {1, 0, 0, 0, 0, 0, 0, 0});

        assertThat(host.property(List.of("plugin_vm_memory"))).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void recordsMaxRequestsPerIoCycleAsALittleEndianU64() {
        byte[] result = host.callForeignFunction("set_global_max_requests_per_io_cycle",
                new byte[] {0x14, 0, 0, 0, 0, 0, 0, 0});

        assertThat(result).isEmpty();
        assertThat(host.maxRequestsPerIoCycle()).containsExactly(20L);
    }

    @Test
    void reportsAMalformedMaxRequestsPerIoCycleArgument() {
        assertThatThrownBy(() -> host.callForeignFunction("set_global_max_requests_per_io_cycle", new byte[4]))
                .isInstanceOf(HostStatusException.class);
        assertThat(host.problems()).singleElement().asString().contains("expected an 8-byte little-endian u64");
    }

    @Test
    void answersGetLogLevelUntilRemoved() {
        host.setLogLevel(LogLevel.WARN);

        assertThat(host.callForeignFunction("get_log_level", new byte[0])).containsExactly(3, 0, 0, 0);
        host.removeForeignFunction("get_log_level");
        assertThat(host.callForeignFunction("get_log_level", new byte[0])).isNull();
    }

    @Test
    void fakeHostPrefersGetLogLevelAndFallsBack() {
        FakeHost fake = new FakeHost(host);
        host.setLogLevel(LogLevel.ERROR);
        host.registerForeignFunction("get_log_level", argument -> new byte[] {1, 0, 0, 0});

        assertThat(fake.logLevel()).isEqualTo(LogLevel.DEBUG);
        host.registerForeignFunction("get_log_level", argument -> new byte[] {1});
        assertThat(fake.logLevel()).isEqualTo(LogLevel.ERROR);
        host.removeForeignFunction("get_log_level");
        assertThat(fake.logLevel()).isEqualTo(LogLevel.ERROR);
    }
}
