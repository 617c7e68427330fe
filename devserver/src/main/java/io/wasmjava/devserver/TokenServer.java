package io.wasmjava.devserver;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's token service, and the tests': {@code GET /token} (any method, any path) issues a new token
 * {@code demo-token-<n>} in both shapes the token plugin reads, the header {@code x-token} and the body
 * {@code {"data":{"access_token":"..."},"expires_in":60}}. Listens on loopback.
 */
final class TokenServer extends JdkHttpService {
    static final int EXPIRES_IN_SECONDS = 60;

    private final AtomicLong issued = new AtomicLong();
    private volatile long delayMillis;

    private TokenServer() {
    }

    static TokenServer start(int port) {
        return new TokenServer().listen(new InetSocketAddress("127.0.0.1", port), 256, 2, "token-service");
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
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

    /** Makes every answer take {@code millis} longer (a slow service); 0 by default. */
    void delayMillis(long millis) {
        this.delayMillis = millis;
    }

    /** How many tokens were issued. */
    long issued() {
        return issued.get();
    }
}
