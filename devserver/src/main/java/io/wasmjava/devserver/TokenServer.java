package io.wasmjava.devserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's token service, and the tests': {@code GET /token} (any method, any path) issues a new token
 * {@code demo-token-<n>} in both shapes the token plugin reads, the header {@code x-token} and the body
 * {@code {"data":{"access_token":"..."},"expires_in":60}}. Listens on loopback.
 */
final class TokenServer implements AutoCloseable {
    static final int EXPIRES_IN_SECONDS = 60;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong issued = new AtomicLong();
    private volatile long delayMillis;

    private TokenServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static TokenServer start(int port) {
        Gateway.configureJdkHttp();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, Gateway.daemonThreads("token-service"));
        TokenServer tokens = new TokenServer(server, executor);
        server.createContext("/", tokens::handle);
        server.setExecutor(executor);
        server.start();
        return tokens;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        long delay = delayMillis;
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String token = "demo-token-" + issued.incrementAndGet();
        byte[] body = ("{\"data\":{\"access_token\":\"" + token + "\"},\"expires_in\":" + EXPIRES_IN_SECONDS + "}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.getResponseHeaders().add("x-token", token);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Makes every answer take {@code millis} longer (a slow service); 0 by default. */
    void delayMillis(long millis) {
        this.delayMillis = millis;
    }

    /** How many tokens were issued. */
    long issued() {
        return issued.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
