package io.wasmjava.host;

import io.wasmjava.core.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/** An HTTP call the plugin dispatched with {@code proxy_http_call}, as the host recorded it. Immutable. */
public final class HttpCallout implements Callout {
    private final int token;
    private final String cluster;
    private final Headers headers;
    private final byte[] body;
    private final Headers trailers;
    private final int timeoutMillis;
    private final int contextId;
    private final Instant dispatchedAt;

    HttpCallout(int token, String cluster, Headers headers, byte[] body, Headers trailers, int timeoutMillis,
            int contextId, Instant dispatchedAt) {
        this.token = token;
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = body.clone();
        this.trailers = Objects.requireNonNull(trailers, "trailers");
        this.timeoutMillis = timeoutMillis;
        this.contextId = contextId;
        this.dispatchedAt = Objects.requireNonNull(dispatchedAt, "dispatchedAt");
    }

    /** The callout token the host returned; HTTP tokens are multiples of 4, as in proxy-wasm-cpp-host. */
    public int token() {
        return token;
    }

    /** The upstream cluster name, e.g. {@code outbound|80||httpbin.org}. */
    public String cluster() {
        return cluster;
    }

    /** The request headers (pseudo-headers included) as the plugin sent them. */
    public Headers headers() {
        return headers;
    }

    /** The request body; a copy the caller owns. */
    public byte[] body() {
        return body.clone();
    }

    /** The request body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The request trailers; usually empty. */
    public Headers trailers() {
        return trailers;
    }

    /** The timeout the plugin asked for; 0 means Envoy's default. */
    public int timeoutMillis() {
        return timeoutMillis;
    }

    /** The context that was effective when the call was made: a stream id, or the root context id. */
    public int contextId() {
        return contextId;
    }

    /** The host clock when the plugin dispatched the call. */
    public Instant dispatchedAt() {
        return dispatchedAt;
    }

    @Override
    public String toString() {
        return "HttpCallout{token=" + token + ", cluster=" + cluster + ", headers=" + headers + ", body="
                + body.length + " bytes, timeoutMillis=" + timeoutMillis + ", context=" + contextId + "}";
    }
}
