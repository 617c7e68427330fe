package io.wasmjava.devserver;

import io.wasmjava.core.Headers;
import io.wasmjava.core.InvalidHeaderException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client request, read completely by its connection's thread ({@link Http1Listener}) and handed to a worker,
 * with Envoy's view of it: the headers as an HTTP/1.1 codec gives them to filters ({@code :authority}, {@code :path},
 * {@code :method}, {@code :scheme}, then the rest, lower-cased, hop-by-hop headers removed), plus
 * {@code x-forwarded-proto} and {@code x-request-id} as the connection manager adds them. The worker answers it
 * exactly once ({@link #respond} or {@link #reset}); the connection's thread writes the answer.
 */
final class DownstreamRequest {
    /** Request headers that only make sense hop by hop; {@code expect} is answered by the gateway itself. */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "upgrade", "trailer", "http2-settings");

    /** The answer: headers with {@code :status} and the body, or {@link #RESET} (no response, close). */
    record Reply(int status, Headers headers, byte[] body) {
        static final Reply RESET = new Reply(0, Headers.empty(), new byte[0]);
    }

    final String method;
    final String path;
    final Headers headers;
    final byte[] body;
    final String requestId;
    final InetSocketAddress remote;
    final long startNanos;
    private final Gateway gateway;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final CompletableFuture<Reply> reply = new CompletableFuture<>();
    private volatile Runnable abandon;

    private DownstreamRequest(Gateway gateway, String method, String path, Headers headers, byte[] body,
            String requestId, InetSocketAddress remote, long startNanos) {
        this.gateway = gateway;
        this.method = method;
        this.path = path;
        this.headers = headers;
        this.body = body;
        this.requestId = requestId;
        this.remote = remote;
        this.startNanos = startNanos;
    }

    /**
     * Builds the request the plugins see from a parsed head and its body.
     *
     * @throws Http1Codec.ProtocolError 400 (empty body) if there is no {@code Host} and no absolute-form target, as
     *     Envoy's connection manager answers ({@code missing_host_header})
     */
    static DownstreamRequest create(Gateway gateway, Http1Codec.Head head, byte[] body, InetSocketAddress remote,
            long startNanos) throws Http1Codec.ProtocolError {
        String target = head.target();
        String authority = head.header("host");
        String path = target;
        int scheme = target.indexOf("://");
        if (scheme > 0 && target.charAt(0) != '/') {
            // Absolute form: the URL's authority replaces Host (RFC 9112 §3.2.2, Envoy's allow_absolute_url).
            int pathStart = target.indexOf('/', scheme + 3);
            int queryStart = target.indexOf('?', scheme + 3);
            int end = pathStart < 0 ? queryStart : queryStart < 0 ? pathStart : Math.min(pathStart, queryStart);
            authority = end < 0 ? target.substring(scheme + 3) : target.substring(scheme + 3, end);
            path = end < 0 ? "/" : target.charAt(end) == '?' ? "/" + target.substring(end) : target.substring(end);
        }
        if (authority == null || authority.isEmpty()) {
            throw new Http1Codec.ProtocolError(400, "", "missing Host header");
        }
        Headers.Builder headers = new Headers.Builder();
        try {
            headers.add(":authority", authority).add(":path", path).add(":method", head.method())
                    .add(":scheme", "http");
        } catch (InvalidHeaderException e) {
            // Envoy checks the authority (a port above 65535, bad characters) and answers 400.
            throw new Http1Codec.ProtocolError(400, e.getMessage());
        }
        String requestId = null;
        boolean forwardedProto = false;
        for (String[] header : head.headers()) {
            String name = header[0];
            if (name.equals("host") || name.equals("expect") || HOP_BY_HOP.contains(name)) {
                continue;
            }
            try {
                headers.add(name, header[1]);
            } catch (InvalidHeaderException e) {
                throw new Http1Codec.ProtocolError(400, e.getMessage());
            }
            if (name.equals("x-request-id") && requestId == null) {
                requestId = header[1];
            }
            forwardedProto |= name.equals("x-forwarded-proto");
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
        return new DownstreamRequest(gateway, head.method(), path, headers.build(), body, requestId, remote,
                startNanos);
    }

    /**
     * Sends the response: {@code headers} carries {@code :status} and what the client sees; hop-by-hop and
     * pseudo-headers are dropped and the length is computed. Idempotent: only the first answer is sent.
     */
    void respond(int status, Headers responseHeaders, byte[] responseBody, String note) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        // Logged first: a client (or a test) that has the response also finds its line in the log.
        logLine(Integer.toString(status), note);
        reply.complete(new Reply(status, responseHeaders, responseBody));
    }

    /** Drops the connection without a response, as Envoy resets a downstream stream. Idempotent with respond. */
    void reset(String note) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        logLine("reset", note);
        reply.complete(Reply.RESET);
    }

    boolean isAnswered() {
        return answered.get();
    }

    /**
     * Sets what ends the request's plugin streams when the connection gives up on it (the stream idle timeout fired
     * while a plugin or the upstream held it); called by the worker that took the request.
     */
    void onAbandon(Runnable action) {
        this.abandon = action;
    }

    /** Runs the {@linkplain #onAbandon abandon action}, if any. */
    void abandon() {
        Runnable action = abandon;
        if (action != null) {
            action.run();
        }
    }

    /**
     * Waits for the answer.
     *
     * @param timeoutMillis 0 waits as long as it takes
     * @return the answer, or null if none came in time
     */
    Reply await(long timeoutMillis) throws InterruptedException {
        try {
            return timeoutMillis > 0 ? reply.get(timeoutMillis, TimeUnit.MILLISECONDS) : reply.get();
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void logLine(String outcome, String note) {
        GatewayLog log = gateway.log();
        if (log.isEnabled(io.wasmjava.core.LogLevel.INFO)) {
            log.info("request", method + " " + GatewayLog.pathWithoutQuery(path) + " " + outcome + " "
                    + millis(startNanos) + "ms" + (note == null ? "" : " (" + note + ")"));
        }
    }

    static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }
}
