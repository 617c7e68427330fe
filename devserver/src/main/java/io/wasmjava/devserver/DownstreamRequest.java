package io.wasmjava.devserver;

import com.sun.net.httpserver.HttpExchange;
import io.wasmjava.core.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client request, read completely on an I/O thread and handed to a worker, with Envoy's view of it: the headers
 * as an HTTP/1.1 codec gives them to filters ({@code :authority}, {@code :path}, {@code :method}, {@code :scheme},
 * then the rest, lower-cased, hop-by-hop headers removed), plus {@code x-forwarded-proto} and {@code x-request-id}
 * as the connection manager adds them. The response is written back on an I/O thread, exactly once.
 */
final class DownstreamRequest {
    /** Larger request bodies are refused with 413 (Envoy buffers at most its buffer limit for Wasm filters too). */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "upgrade", "trailer", "http2-settings");

    final String method;
    final String path;
    final Headers headers;
    final byte[] body;
    final String requestId;
    final InetSocketAddress remote;
    final long startNanos;
    private final HttpExchange exchange;
    private final Gateway gateway;
    private final AtomicBoolean answered = new AtomicBoolean();

    private DownstreamRequest(HttpExchange exchange, Gateway gateway, String method, String path, Headers headers,
            byte[] body, String requestId, long startNanos) {
        this.exchange = exchange;
        this.gateway = gateway;
        this.method = method;
        this.path = path;
        this.headers = headers;
        this.body = body;
        this.requestId = requestId;
        this.remote = exchange.getRemoteAddress();
        this.startNanos = startNanos;
    }

    /** The request could not be turned into a proxy-wasm stream; the client gets {@code status}. */
    static final class Rejected extends Exception {
        final int status;

        Rejected(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /**
     * Reads the whole request (blocking: call on an I/O thread).
     *
     * @throws Rejected for a request Envoy would refuse (no {@code Host}, a body over the limit, a broken body)
     */
    static DownstreamRequest read(HttpExchange exchange, Gateway gateway) throws Rejected {
        long start = System.nanoTime();
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String path = uri.getRawQuery() == null ? rawPath : rawPath + "?" + uri.getRawQuery();
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || host.isEmpty()) {
            host = uri.getRawAuthority();
        }
        if (host == null || host.isEmpty()) {
            throw new Rejected(400, "missing Host header");
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new Rejected(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
            }
        } catch (IOException e) {
            throw new Rejected(400, "cannot read the request body: " + e.getMessage());
        }
        Headers.Builder headers = new Headers.Builder()
                .add(":authority", host)
                .add(":path", path)
                .add(":method", method)
                .add(":scheme", "http");
        String requestId = null;
        boolean forwardedProto = false;
        for (Map.Entry<String, List<String>> entry : exchange.getRequestHeaders().entrySet()) {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("host") || HOP_BY_HOP.contains(name)) {
                continue;
            }
            for (String value : entry.getValue()) {
                headers.add(name, value);
                if (name.equals("x-request-id") && requestId == null) {
                    requestId = value;
                }
                forwardedProto |= name.equals("x-forwarded-proto");
            }
        }
        if (!forwardedProto) {
            headers.add("x-forwarded-proto", "http");
        }
        if (requestId == null) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            // Version 4, variant 2, as Envoy's request id generator makes them.
            requestId = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                    (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
            headers.add("x-request-id", requestId);
        }
        return new DownstreamRequest(exchange, gateway, method, path, headers.build(), body, requestId, start);
    }

    /** Writes a plain-text answer from the I/O thread that read the request (a rejected request). */
    static void reject(HttpExchange exchange, Gateway gateway, Rejected rejected, long startNanos) {
        byte[] text = (rejected.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().add("content-type", "text/plain");
            exchange.getResponseHeaders().add("connection", "close");
            exchange.sendResponseHeaders(rejected.status, text.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(text);
            }
        } catch (IOException e) {
            exchange.close();
        }
        gateway.log().info("request", exchange.getRequestMethod() + " "
                + GatewayLog.pathWithoutQuery(exchange.getRequestURI().getRawPath() == null ? "/"
                : exchange.getRequestURI().getRawPath()) + " " + rejected.status + " "
                + millis(startNanos) + "ms (" + rejected.getMessage() + ")");
    }

    /**
     * Sends the response: {@code headers} carries {@code :status} and what the client sees; hop-by-hop and
     * pseudo-headers are dropped and the length is computed. Idempotent: only the first answer is sent.
     */
    void respond(int status, Headers responseHeaders, byte[] responseBody, String note) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        gateway.io().execute(() -> write(status, responseHeaders, responseBody));
        logLine(Integer.toString(status), note);
    }

    /** Drops the connection without a response, as Envoy resets a downstream stream. Idempotent with respond. */
    void reset(String note) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        gateway.io().execute(exchange::close);
        logLine("reset", note);
    }

    boolean isAnswered() {
        return answered.get();
    }

    private void logLine(String outcome, String note) {
        GatewayLog log = gateway.log();
        if (log.isEnabled(io.wasmjava.core.host.LogLevel.INFO)) {
            log.info("request", method + " " + GatewayLog.pathWithoutQuery(path) + " " + outcome + " "
                    + millis(startNanos) + "ms" + (note == null ? "" : " (" + note + ")"));
        }
    }

    private void write(int status, Headers responseHeaders, byte[] responseBody) {
        try {
            com.sun.net.httpserver.Headers out = exchange.getResponseHeaders();
            for (int i = 0; i < responseHeaders.size(); i++) {
                String name = responseHeaders.name(i);
                if (name.startsWith(":") || name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("date")
                        || HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                out.add(name, responseHeaders.value(i));
            }
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || responseBody.length == 0;
            exchange.sendResponseHeaders(status, noBody ? -1 : responseBody.length);
            if (!noBody) {
                try (OutputStream stream = exchange.getResponseBody()) {
                    stream.write(responseBody);
                }
            } else {
                exchange.close();
            }
        } catch (IOException | RuntimeException e) {
            // The client went away; nothing to tell it.
            exchange.close();
        }
    }

    static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }
}
