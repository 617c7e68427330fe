package io.wasmjava.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import org.junit.jupiter.api.Test;

/**
 * Memory hand-off under TeaVM's compacting GC: thousands of requests through one instance whose heap starts at
 * 1 MiB (128 MiB at most), each moving kilobytes across the boundary in both directions (header maps and property
 * values into the module through {@code proxy_on_memory_allocate}, added headers and local responses out of it).
 * The payloads alone add up to more than the largest heap, so the run only completes if the GC collects many times.
 * Every result is checked, so a block moved or freed while the host still pointed at it shows up as a wrong header
 * or body.
 */
class HelloPluginGcStressWasmIT {
    private static final int REQUESTS = 5_000;
    private static final long MAX_HEAP_BYTES = 16L << 20;
    private static final LocalResponse MOCK = LocalResponse.of(200, Headers.empty(), "hello world");

    @Test
    void keepsEveryRequestIntactAcrossThousandsOfRequestsAndCollections() {
        try (PluginHarness harness = PluginHarness.builder(Engines.wasm(Engines.mainWasm()))
                .config("{\"mockEnable\": false, \"_rules_\": [{\"_match_route_\": [\"mock\"], \"mockEnable\": true}]}")
                .build()) {
            assertThat(harness.start()).isTrue();
            long payloadBytes = 0;

            for (int i = 0; i < REQUESTS; i++) {
                boolean mocked = i % 3 == 0;
                HttpStream stream = harness.newStream();
                if (mocked) {
                    stream.property("route_name", "mock");
                }
                String payload = payload(i);
                payloadBytes += payload.length();
                Headers request = Headers.of(":authority", "example.com", ":method", "GET", ":path", "/item/" + i,
                        "x-request-id", "req-" + i, "x-payload", payload);

                HeaderStatus status = stream.requestHeaders(request, true);

                assertThat(status).as("request %d", i).isEqualTo(HeaderStatus.CONTINUE);
                assertThat(stream.requestHeaders()).as("request %d", i)
                        .isEqualTo(request.newBuilder().add("hello", "world").build());
                assertThat(stream.localResponse()).as("request %d", i).isEqualTo(mocked ? MOCK : null);
                stream.complete();
            }

            assertThat(payloadBytes).as("the test's premise").isGreaterThan(MAX_HEAP_BYTES);
            assertThat(harness.host().problems()).isEmpty();
            assertThat(harness.logs(LogLevel.INFO)).containsExactly("[hello-plugin] [nil] [nil] plugin start successfully");
            assertThat(harness.logs(LogLevel.CRITICAL)).isEmpty();
        }
    }

    /** 0 to 8 KiB of text that differs per request, so a stale or shifted block cannot match by accident. */
    private static String payload(int i) {
        int length = (i * 397) % 8192;
        StringBuilder text = new StringBuilder(length);
        for (int k = 0; k < length; k++) {
            text.append((char) ('a' + (i + k * 7) % 26));
        }
        return text.toString();
    }
}
