package io.wasmjava.devserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wasmjava.host.MetricStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The gateway's admin listener, a small part of Envoy's admin interface: {@code GET /stats} (Envoy's text format) and
 * {@code GET /stats/prometheus} (Prometheus text format, as Envoy renders it), both over the gateway's plugin metrics
 * summed across all workers ({@link EnvoyStats}), and in {@code /stats} also the gateway's VM lifecycle counters
 * ({@code wasm.<runtime>.plugin.<plugin>.rebuild_total}, ...; not in {@code /stats/prometheus}, whose tag extraction
 * for them is not modelled). Anything else is 404. One thread; reading the stats never blocks a
 * worker.
 */
final class AdminServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService thread;

    private AdminServer(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    /**
     * Listens on {@code address} (port 0: any free port).
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    static AdminServer start(InetSocketAddress address, MetricStore metrics, Supplier<Map<String, Long>> vmStats) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on admin address " + address + ": " + e.getMessage(), e);
        }
        ExecutorService thread = Executors.newSingleThreadExecutor(Gateway.daemonThreads("devserver-admin"));
        server.setExecutor(thread);
        server.createContext("/", exchange -> {
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
        });
        server.start();
        return new AdminServer(server, thread);
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

    /** The bound address (with the real port when port 0 was asked for). */
    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
