package io.wasmjava.host;

import io.wasmjava.core.Headers;
import java.time.Instant;
import java.util.Objects;

/**
 * An HTTP call the plugin dispatched with {@code proxy_http_call}, as the host recorded it. Immutable: the body is
 * copied in and out.
 *
 * @param token the callout token the host returned; HTTP tokens are multiples of 4, as in proxy-wasm-cpp-host
 * @param cluster the upstream cluster name, e.g. {@code outbound|80||httpbin.org}
 * @param headers the request headers (pseudo-headers included) as the plugin sent them
 * @param body the request body
 * @param trailers the request trailers; usually empty
 * @param timeoutMillis the timeout the plugin asked for; 0 means Envoy's default
 * @param contextId the context that was effective when the call was made: a stream id, or the root context id
 * @param dispatchedAt the host clock when the plugin dispatched the call
 */
public record HttpCallout(int token, String cluster, Headers headers, byte[] body, Headers trailers,
        int timeoutMillis, int contextId, Instant dispatchedAt) implements Callout, HasBody {
    /**
     * @throws NullPointerException if a reference argument is null
     */
    public HttpCallout {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(headers, "headers");
        body = body.clone();
        Objects.requireNonNull(trailers, "trailers");
        Objects.requireNonNull(dispatchedAt, "dispatchedAt");
    }

    /** The request body; a copy the caller owns. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "HttpCallout{token=" + token + ", cluster=" + cluster + ", headers=" + headers + ", body="
                + body.length + " bytes, timeoutMillis=" + timeoutMillis + ", context=" + contextId + "}";
    }
}
