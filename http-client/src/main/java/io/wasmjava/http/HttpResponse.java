package io.wasmjava.http;

import io.wasmjava.core.Headers;
import io.wasmjava.core.Utf8;

/**
 * A response the upstream (or Envoy on its behalf) sent: any status, 4xx and 5xx included. The headers and body were
 * copied out of the host before the callback ran, so they stay valid afterwards.
 */
public final class HttpResponse {
    private final int status;
    private final Headers headers;
    private final byte[] body;

    HttpResponse(int status, Headers headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** The HTTP status from {@code :status}. */
    public int status() {
        return status;
    }

    /** True for 2xx. */
    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /** All response headers as received, {@code :status} included; lookups ignore case. */
    public Headers headers() {
        return headers;
    }

    /** The first value of {@code name} (case-insensitive), or null. */
    public String header(String name) {
        return headers.value(name);
    }

    /** The body; empty when there was none. The caller owns the returned copy. */
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyString() {
        return Utf8.decode(body);
    }

    /** Status and header names only: bodies and header values may carry credentials. */
    @Override
    public String toString() {
        return "HttpResponse{status=" + status + ", bodyBytes=" + body.length + "}";
    }
}
