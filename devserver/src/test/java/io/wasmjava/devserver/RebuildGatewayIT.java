package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.host.WasmExecution;
import io.wasmjava.interop.attrs.AttrsPlugin;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance: a plugin built with {@code rebuildAfterRequests(3)} (the interop attrs plugin) on a one-worker gateway
 * is rebuilt after every third request, as Higress's Envoy rebuilds it: a fresh VM (a new generation) takes over,
 * requests keep succeeding across the rebuilds (the one that asked finishing on the old VM), the gateway's shared data
 * is untouched, and {@code /stats} counts the rebuilds under Envoy's names.
 */
@Timeout(120)
class RebuildGatewayIT {
    private static final HttpClient CLIENT = Fixtures.client();
    private static final int REBUILDS = 2;
    private static final String REBUILD_LINE = "Wasm rebuild flag set by plugin";

    @Test
    void rebuildsTheVmEveryThirdRequestWhileRequestsKeepSucceeding() throws InterruptedException {
        try (EchoServer echo = EchoServer.start(0);
                Fixtures.Running running = Fixtures.start(Fixtures.config()
                        .plugin(Fixtures.attrs(), "{}")
                        .upstream(echo.uri())
                        .workers(1)
                        .admin(Fixtures.ANY_PORT)
                        .build())) {
            running.gateway().sharedData().set("kept", "before the rebuilds".getBytes(StandardCharsets.UTF_8), 0);
            List<Integer> statuses = new ArrayList<>();
            List<String> rebuilds = new ArrayList<>();
            for (int rebuild = 1; rebuild <= REBUILDS; rebuild++) {
                for (int i = 0; i < AttrsPlugin.REBUILD_AFTER_REQUESTS; i++) {
                    statuses.add(Fixtures.get(CLIENT, running.uri("/rebuild-" + statuses.size())).statusCode());
                }
                // The worker rebuilds after the request that asked; the second waits out Envoy's 1 s cooldown.
                rebuilds = running.awaitLines(line -> line.contains(REBUILD_LINE), rebuild).stream()
                        .map(line -> line.substring(line.indexOf(' ') + 1)).toList();
            }
            statuses.add(Fixtures.get(CLIENT, running.uri("/after")).statusCode());

            assertThat(statuses).hasSize(2 * (int) AttrsPlugin.REBUILD_AFTER_REQUESTS + 1).containsOnly(200);
            assertThat(rebuilds).containsExactly(
                    "info [wasm attrs/w1] " + REBUILD_LINE + ": VM 1 replaced by VM 2",
                    "info [wasm attrs/w1] " + REBUILD_LINE + ": VM 2 replaced by VM 3");
            // The request that asked was still in flight (at its upstream) when its VM was replaced: it finished on
            // the old VM, and its access-log line comes after the rebuild.
            List<String> lines = running.lines();
            assertThat(indexOf(lines, "VM 1 replaced by VM 2")).isLessThan(indexOf(lines, "GET /rebuild-2 200"));
            assertThat(running.gateway().sharedData().get("kept").value())
                    .isEqualTo("before the rebuilds".getBytes(StandardCharsets.UTF_8));
            String prefix = "wasm.envoy.wasm.runtime." + (Fixtures.engine() == WasmExecution.V8 ? "v8" : "chicory")
                    + ".plugin.attrs.";
            assertThat(vmStats(running.stats(CLIENT))).containsExactly(
                    Map.entry(prefix + "rebuild_explicit_total", "2"), Map.entry(prefix + "rebuild_total", "2"));
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no log line contains " + text + ": " + lines);
    }

    /** Envoy's VM lifecycle stats ({@code wasm.*}) of {@code stats}, in its order. */
    private static Map<String, String> vmStats(Map<String, String> stats) {
        Map<String, String> values = new LinkedHashMap<>();
        stats.forEach((name, value) -> {
            if (name.startsWith("wasm.")) {
                values.put(name, value);
            }
        });
        return values;
    }
}
