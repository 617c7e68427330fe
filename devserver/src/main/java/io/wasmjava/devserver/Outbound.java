package io.wasmjava.devserver;

import io.wasmjava.core.Headers;
import io.wasmjava.core.InvalidHeaderException;
import io.wasmjava.devserver.GatewayConfig.ClusterAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP/1.1 exchanges with real services, for the route's upstream and for the plugins' {@code proxy_http_call}s,
 * with the outcomes Envoy's router gives both of them:
 *
 * <ul>
 *   <li>a response, whatever its status, is a {@linkplain Kind#RESPONSE response};</li>
 *   <li>no connection, or the connection closed before response headers: the router's local reply {@code 503}
 *       {@value #CONNECT_FAILURE_BODY} (or {@code ... connection termination}), delivered as an ordinary response
 *       (Envoy's {@code AsyncStreamImpl::sendLocalReply} encodes it as one, so a plugin sees a {@code :status});</li>
 *   <li>no complete response within the timeout: the local reply {@code 504} {@value #TIMEOUT_BODY};</li>
 *   <li>the connection failing after the response headers arrived: a {@linkplain Kind#RESET reset}, which a plugin
 *       sees as a call with no headers (Envoy's {@code onHttpCallFailure}).</li>
 * </ul>
 */
final class Outbound {
    static final String CONNECT_FAILURE_BODY =
            "upstream connect error or disconnect/reset before headers. reset reason: connection failure";
    static final String TERMINATION_BODY =
            "upstream connect error or disconnect/reset before headers. reset reason: connection termination";
    static final String TIMEOUT_BODY = "upstream request timeout";

    /** Request headers java.net.http sets itself, or that only make sense hop by hop. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "upgrade",
            "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "http2-settings", "host");
    private static final Set<String> HOP_BY_HOP_RESPONSE = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "trailer");

    enum Kind {
        /** The service answered. */
        RESPONSE,
        /** The router answered for it (503 no connection, 504 timeout). */
        LOCAL_REPLY,
        /** The stream was reset after the response started: no headers at all. */
        RESET
    }

    /** An exchange's outcome: headers with {@code :status} (empty for a reset) and the body. */
    record Result(Kind kind, Headers headers, byte[] body, String detail) {
        int status() {
            String status = headers.value(":status");
            return status == null ? 0 : Integer.parseInt(status);
        }
    }

    private final HttpClient client;
    private final ExecutorService executor;
    private volatile boolean hostHeaderAllowed = true;

    Outbound(ExecutorService executor) {
        this.executor = executor;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /**
     * Sends a request whose target is given by proxy-wasm headers ({@code :method}, {@code :path},
     * {@code :authority}) to {@code address}. Never completes exceptionally.
     *
     * @param timeoutMillis for the whole exchange; 0 for none
     */
    CompletableFuture<Result> send(ClusterAddress address, Headers headers, byte[] body, long timeoutMillis) {
        String method = headers.value(":method");
        String path = headers.value(":path");
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(uri(address, path == null ? "/" : path));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Result(Kind.RESET, Headers.empty(), new byte[0],
                    "cannot send path: " + e.getMessage()));
        }
        String authority = headers.value(":authority");
        if (authority != null && hostHeaderAllowed) {
            try {
                request.setHeader("host", authority);
            } catch (IllegalArgumentException e) {
                // java.net.http refuses Host unless jdk.httpclient.allowRestrictedHeaders=host was set before it
                // loaded; Main and Gateway set it, but an embedding application may have loaded it first.
                hostHeaderAllowed = false;
            }
        }
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (name.startsWith(":") || NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            try {
                request.header(name, headers.value(i));
            } catch (IllegalArgumentException e) {
                // A header java.net.http will not send (restricted or malformed): Envoy would send it; we cannot.
            }
        }
        request.method(method == null ? "GET" : method,
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (timeoutMillis > 0) {
            request.timeout(Duration.ofMillis(timeoutMillis));
        }
        AtomicBoolean headersReceived = new AtomicBoolean();
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            headersReceived.set(true);
            return HttpResponse.BodySubscribers.ofByteArray();
        };
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = client.sendAsync(request.build(), handler);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Result(Kind.RESET, Headers.empty(), new byte[0],
                    "cannot send request: " + e.getMessage()));
        }
        CompletableFuture<Result> result = exchange.handle((response, failure) -> failure == null
                ? response(response) : failure(failure, headersReceived.get()));
        if (timeoutMillis > 0) {
            // java.net.http's own timeout stops at the response headers; Envoy's covers the whole response.
            result = result.completeOnTimeout(localReply(504, TIMEOUT_BODY, "timeout after " + timeoutMillis + " ms"),
                    timeoutMillis, TimeUnit.MILLISECONDS);
            result.thenRun(() -> exchange.cancel(true));
        }
        return result;
    }

    private static URI uri(ClusterAddress address, String path) {
        String target = path.startsWith("/") ? path : "/" + path;
        String prefix = (address.tls() ? "https://" : "http://") + address.authority();
        try {
            return URI.create(prefix + target);
        } catch (IllegalArgumentException e) {
            return URI.create(prefix + escapeIllegal(target));
        }
    }

    /** Percent-encodes what a URI may not contain (a space from a decoded path, say) and leaves the rest. */
    private static String escapeIllegal(String target) {
        StringBuilder out = new StringBuilder();
        for (byte b : target.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    private static Result response(HttpResponse<byte[]> response) {
        Headers.Builder headers = new Headers.Builder();
        try {
            headers.add(":status", Integer.toString(response.statusCode()));
            for (Map.Entry<String, List<String>> entry : response.headers().map().entrySet()) {
                String name = entry.getKey().toLowerCase(Locale.ROOT);
                if (name.startsWith(":") || HOP_BY_HOP_RESPONSE.contains(name)) {
                    continue;
                }
                for (String value : entry.getValue()) {
                    headers.add(name, value);
                }
            }
        } catch (InvalidHeaderException e) {
            // Envoy's codec refuses such a response: the call fails as a reset, never reaching the plugin.
            return failure(new IOException("bad header from upstream: " + e.getMessage()), true);
        }
        return new Result(Kind.RESPONSE, headers.build(), response.body(), Integer.toString(response.statusCode()));
    }

    private static Result failure(Throwable failure, boolean headersReceived) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException
                || cause.getCause() instanceof ConnectException) {
            return localReply(503, CONNECT_FAILURE_BODY, "connection failure");
        }
        if (cause instanceof HttpTimeoutException) {
            return localReply(504, TIMEOUT_BODY, "timeout");
        }
        if (cause instanceof IOException && !headersReceived) {
            return localReply(503, TERMINATION_BODY, "connection termination");
        }
        return new Result(Kind.RESET, Headers.empty(), new byte[0], "reset: " + cause);
    }

    /** A router local reply: {@code :status}, {@code content-length}, {@code content-type: text/plain}. */
    static Result localReply(int status, String body, String detail) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Result(Kind.LOCAL_REPLY, Headers.of(":status", Integer.toString(status), "content-length",
                Integer.toString(bytes.length), "content-type", "text/plain"), bytes, detail);
    }

    ExecutorService executor() {
        return executor;
    }
}
