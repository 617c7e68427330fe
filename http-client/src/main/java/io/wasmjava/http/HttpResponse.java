package io.wasmjava.http;

import io.wasmjava.core.Headers;
import io.wasmjava.core.Utf8;
import java.util.Arrays;

/**
 * A response the upstream (or Envoy on its behalf) sent: any status, 4xx and 5xx included. The headers and body were
 * copied out of the host before the callback ran, so they stay valid afterwards.
 *
 * @param status the HTTP status from {@code :status}
 * @param headers all response headers as received, {@code :status} included; lookups ignore case
 * @param body the body, empty when there was none (the record keeps this array; {@link #body()} returns a copy)
 */
public record HttpResponse(int status, Headers headers, byte[] body) {

    /** True for 2xx. */
    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /** The first value of {@code name} (case-insensitive), or null. */
    public String header(String name) {
        return headers.value(name);
    }

    /** The body; empty when there was none. The caller owns the returned copy. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyString() {
        return Utf8.decode(body);
    }

    /** Equal if the status, the headers and the body bytes are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof HttpResponse that && status == that.status && headers.equals(that.headers)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * status + headers.hashCode()) + Arrays.hashCode(body);
    }

    /** Status and header names only: bodies and header values may carry credentials. */
    @Override
    public String toString() {
        return "HttpResponse{status=" + status + ", bodyBytes=" + body.length + "}";
    }
}
