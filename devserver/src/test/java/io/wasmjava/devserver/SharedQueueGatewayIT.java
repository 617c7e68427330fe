package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance: the gateway's workers share one queue store, as Envoy's worker VMs share the process-wide shared queues
 * (proxy-wasm-cpp-host {@code src/shared_queue.cc}). The phase-matrix plugin registers its queue at start on each
 * worker, so the last worker started is the registrant; requests on both workers enqueue, and only the registrant's
 * listener runs, on the registrant worker's own thread.
 */
@Timeout(120)
class SharedQueueGatewayIT {
    private static final HttpClient CLIENT = Fixtures.client();
    /** A listener line as the test keeps it: the logging thread, then the line without its timestamp. */
    private static final String REGISTRANT_LINE =
            "devserver-worker-2-1 info [wasm phase-matrix/w2] [phase-matrix] [nil] [nil] queue 1: [";

    @Test
    void enqueuesOnEveryWorkerReachTheRegistrantOnItsOwnThread() throws InterruptedException {
        try (EchoServer echo = EchoServer.start(0);
                Fixtures.Running running = Fixtures.start(Fixtures.config()
                        .plugin(Fixtures.phaseMatrix(), "{}")
                        .upstream(echo.uri())
                        .workers(2)
                        .build(), line -> Thread.currentThread().getName() + line.substring(line.indexOf(' ')))) {
            // Round robin: the first request runs on worker 1, the second on worker 2. Each enqueues its path, then
            // the plugin answers 403 itself, so the upstream's answer plays no part.
            List<Integer> statuses = new ArrayList<>();
            for (String path : List.of("/q-1", "/q-2")) {
                HttpRequest request = HttpRequest.newBuilder(running.uri(path)).timeout(Duration.ofSeconds(20))
                        .header("x-do", "enqueue,local@request-headers").build();
                statuses.add(Fixtures.send(CLIENT, request).statusCode());
            }
            // Two enqueues post two notifications; the first listener call may drain both entries.
            List<String> queueLines = running.awaitLines(line -> line.contains("] queue "), 2);

            assertThat(statuses).containsExactly(403, 403);
            assertThat(queueLines).allMatch(line -> line.startsWith(REGISTRANT_LINE) && line.endsWith("]"));
            assertThat(dequeued(queueLines)).isEqualTo("/q-1, /q-2");
        }
    }

    /** The entries the listener lines report, joined in order. */
    private static String dequeued(List<String> queueLines) {
        List<String> entries = new ArrayList<>();
        for (String line : queueLines) {
            String list = line.substring(line.lastIndexOf('[') + 1, line.length() - 1);
            if (!list.isEmpty()) {
                entries.add(list);
            }
        }
        return String.join(", ", entries);
    }
}
