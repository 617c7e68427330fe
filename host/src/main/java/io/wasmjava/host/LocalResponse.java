package io.wasmjava.host;

import io.wasmjava.core.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A response the plugin sent itself with {@code proxy_send_local_response} instead of letting the request reach the
 * upstream. Immutable (the body is copied in and out); build expected values with {@link #of(int, Headers, String)}
 * and compare whole values.
 *
 * @param statusCode the HTTP status code
 * @param details the response code details Envoy logs ({@code response.code_details}); empty if the plugin gave none
 * @param body the body
 * @param headers the extra headers exactly as the plugin passed them (the host adds {@code :status} and the like)
 * @param grpcStatus the gRPC status, or -1 for a plain HTTP response
 */
public record LocalResponse(int statusCode, String details, byte[] body, Headers headers, int grpcStatus)
        implements HasBody {
    /**
     * @throws NullPointerException if a reference argument is null
     */
    public LocalResponse {
        Objects.requireNonNull(details, "details");
        body = Objects.requireNonNull(body, "body").clone();
        Objects.requireNonNull(headers, "headers");
    }

    /** A plain HTTP response with empty details and a UTF-8 body: what {@code sendLocalResponse} produces. */
    public static LocalResponse of(int statusCode, Headers headers, String body) {
        return new LocalResponse(statusCode, "", body.getBytes(StandardCharsets.UTF_8), headers, -1);
    }

    /** The body; a copy the caller owns. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof LocalResponse)) {
            return false;
        }
        LocalResponse that = (LocalResponse) other;
        return statusCode == that.statusCode && grpcStatus == that.grpcStatus && details.equals(that.details)
                && Arrays.equals(body, that.body) && headers.equals(that.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(statusCode, details, Arrays.hashCode(body), headers, grpcStatus);
    }

    @Override
    public String toString() {
        return "LocalResponse{" + statusCode + ", details='" + details + "', headers=" + headers + ", body='"
                + bodyText() + "'" + (grpcStatus == -1 ? "" : ", grpcStatus=" + grpcStatus) + "}";
    }
}
