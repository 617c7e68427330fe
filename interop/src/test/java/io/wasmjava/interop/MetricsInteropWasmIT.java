package io.wasmjava.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The metrics API ({@code target/metrics.wasm}, {@link io.wasmjava.interop.metrics.MetricsPlugin}) on
 * io.roastedroot:proxy-wasm-java-host's {@code SimpleMetricsHandler}: define, increment, record and get follow the
 * ABI there too. That host differs from Envoy where shared/docs/proxy-wasm-state.md §1.5 says: it accepts any
 * increment, and its {@code proxy_get_metric} writes only the low 32 bits of the value.
 */
class MetricsInteropWasmIT {
    private static final Path METRICS = RoastedrootHost.module("target/metrics.wasm");
    private static final String[] REQUEST = {":authority", "example.com", ":path", "/", ":method", "GET"};

    private static String[] with(String... extra) {
        List<String> pairs = new ArrayList<>(List.of(REQUEST));
        pairs.addAll(List.of(extra));
        return pairs.toArray(new String[0]);
    }

    @Test
    void countsSetsAndReadsBackThroughAnIndependentHost() throws Exception {
        try (RoastedrootHost host = RoastedrootHost.start(METRICS, "{}")) {
            List<String> counts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                counts.add(host.request(REQUEST).requestHeaders.get("x-requests"));
            }
            String set = host.request(with("x-level-set", "5")).requestHeaders.get("x-level");
            String added = host.request(with("x-level-add", "-3", "x-add", "0", "x-record", "40"))
                    .requestHeaders.get("x-level");

            assertThat(counts).containsExactly("1", "2", "3");
            assertThat(List.of(set, added)).containsExactly("5", "2");
            assertThat(host.logs).noneMatch(line -> line.startsWith("WARN") || line.startsWith("CRITICAL"));
        }
    }

    @Test
    void readsOnlyTheLow32BitsOfAValueOnThatHost() throws Exception {
        try (RoastedrootHost host = RoastedrootHost.start(METRICS, "{}")) {
            String level = host.request(with("x-level-set", Long.toString((1L << 32) + 5))).requestHeaders
                    .get("x-level");

            assertThat(level).isEqualTo("5");
        }
    }
}
