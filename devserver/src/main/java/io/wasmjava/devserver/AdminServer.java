package io.wasmjava.devserver;

import com.sun.net.httpserver.HttpExchange;
import io.wasmjava.host.MetricStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The gateway's admin listener, a small part of Envoy's admin interface: {@code GET /stats} (Envoy's text format) and
 * {@code GET /stats/prometheus} (Prometheus text format, as Envoy renders it), both over the gateway's plugin metrics
 * summed across all workers ({@link EnvoyStats}), and in {@code /stats} also the gateway's VM lifecycle counters
 * ({@code wasm.<runtime>.plugin.<plugin>.rebuild_total}, ...; not in {@code /stats/prometheus}, whose tag extraction
 * for them is not modelled). Anything else is 404. One thread; reading the stats never blocks a
 * worker.
 */
final class AdminServer extends JdkHttpService {
    private final MetricStore metrics;
    private final Supplier<Map<String, Long>> vmStats;

    private AdminServer(MetricStore metrics, Supplier<Map<String, Long>> vmStats) {
        this.metrics = metrics;
        this.vmStats = vmStats;
    }

    /**
     * Listens on {@code address} (port 0: any free port).
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    static AdminServer start(InetSocketAddress address, MetricStore metrics, Supplier<Map<String, Long>> vmStats) {
        return new AdminServer(metrics, vmStats).listen(address, 16, 1, "admin");
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                respond(exchange, 405, "text/plain; charset=UTF-8", "only GET\n");
            } else if (path.equals("/stats")) {
                respond(exchange, 200, "text/plain; charset=UTF-8", EnvoyStats.text(metrics.snapshot(), vmStats.get()));
            } else if (path.equals("/stats/prometheus")) {
                respond(exchange, 200, "text/plain; version=0.0.4; charset=UTF-8",
                        EnvoyStats.prometheus(metrics.snapshot()));
            } else {
                respond(exchange, 404, "text/plain; charset=UTF-8", "not found; try /stats or /stats/prometheus\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
