package io.wasmjava.host;

import io.wasmjava.core.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What Envoy sends downstream for a plugin's {@link LocalResponse}: the response headers (with {@code :status}) and
 * the body, as {@code Http::Utility::prepareLocalReply} and {@code encodeLocalReply} build them
 * (envoyproxy/envoy {@code source/common/http/utility.cc}; local-reply mappers are not modelled). Immutable.
 *
 * <ul>
 *   <li>A gRPC request (a {@code :path} and a {@code content-type} that is {@code application/grpc} or starts with
 *       {@code application/grpc+}, {@code Grpc::Common::isGrpcRequestHeaders} in
 *       {@code source/common/grpc/common.cc}) gets a trailers-only response: {@code :status 200},
 *       {@code content-type: application/grpc}, {@code grpc-status} (the plugin's status; without one, the HTTP
 *       status mapped by {@code Grpc::Utility::httpToGrpcStatus}, {@code source/common/grpc/status.cc}; a
 *       {@code grpc-status} among the plugin's headers wins), {@code grpc-message} with the body percent-encoded
 *       (omitted for an empty body or a HEAD request), no {@code content-length} and no body.</li>
 *   <li>Any other request gets the plugin's status and body; the gRPC status is ignored. A non-empty body sets
 *       {@code content-length} and, unless the plugin gave one, {@code content-type: text/plain}; an empty body
 *       removes both; a HEAD request gets the headers only.</li>
 * </ul>
 *
 * <p>Envoy's Wasm context passes a gRPC status only when it is 0..16 ({@code Context::sendLocalResponse} in
 * {@code source/extensions/common/wasm/context.cc}); anything else (-1, "not set") counts as none.
 *
 * @param headers the response headers, {@code :status} first
 * @param body the response body; empty for a gRPC or HEAD reply
 */
public record LocalReply(Headers headers, byte[] body) {
    private static final String GRPC = "application/grpc";
    private static final int GRPC_MAX_KNOWN = 16;

    /** @throws NullPointerException if an argument is null */
    public LocalReply {
        Objects.requireNonNull(headers, "headers");
        body = Objects.requireNonNull(body, "body").clone();
    }

    /**
     * The reply Envoy sends for {@code response} to a request with {@code requestHeaders} (the headers as the
     * request arrived: Envoy decides "gRPC request" before the filters run).
     *
     * @throws NullPointerException if an argument is null
     */
    public static LocalReply of(LocalResponse response, Headers requestHeaders) {
        boolean head = "HEAD".equalsIgnoreCase(requestHeaders.value(":method"));
        byte[] body = response.body();
        Headers.Builder headers = new Headers.Builder();
        if (isGrpcRequest(requestHeaders)) {
            headers.add(":status", "200");
            String grpcStatus = null;
            for (int i = 0; i < response.headers().size(); i++) {
                String name = response.headers().name(i).toLowerCase(Locale.ROOT);
                if (name.equals("content-type") || name.equals("content-length")) {
                    continue;
                }
                if (name.equals("grpc-status") && grpcStatus == null) {
                    grpcStatus = response.headers().value(i);
                }
                headers.add(name, response.headers().value(i));
            }
            headers.add("content-type", GRPC);
            if (grpcStatus == null) {
                int status = response.grpcStatus() >= 0 && response.grpcStatus() <= GRPC_MAX_KNOWN
                        ? response.grpcStatus() : grpcStatusOf(response.statusCode());
                headers.add("grpc-status", Integer.toString(status));
            }
            if (body.length > 0 && !head) {
                headers.add("grpc-message", percentEncode(body));
            }
            return new LocalReply(headers.build(), new byte[0]);
        }
        headers.add(":status", Integer.toString(response.statusCode()));
        boolean contentType = false;
        for (int i = 0; i < response.headers().size(); i++) {
            String name = response.headers().name(i).toLowerCase(Locale.ROOT);
            if (name.equals("content-length") || body.length == 0 && name.equals("content-type")) {
                continue;
            }
            contentType |= name.equals("content-type");
            headers.add(name, response.headers().value(i));
        }
        if (body.length > 0) {
            headers.add("content-length", Integer.toString(body.length));
            if (!contentType) {
                headers.add("content-type", "text/plain");
            }
        }
        return new LocalReply(headers.build(), head ? new byte[0] : body);
    }

    /** Envoy's {@code Grpc::Common::isGrpcRequestHeaders}. */
    static boolean isGrpcRequest(Headers requestHeaders) {
        String contentType = requestHeaders.value("content-type");
        return requestHeaders.value(":path") != null && contentType != null && contentType.startsWith(GRPC)
                && (contentType.length() == GRPC.length() || contentType.charAt(GRPC.length()) == '+');
    }

    /** Envoy's {@code Grpc::Utility::httpToGrpcStatus} (gRPC's http-grpc-status-mapping.md). */
    static int grpcStatusOf(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> 13;
            case 401 -> 16;
            case 403 -> 7;
            case 404 -> 12;
            case 429, 502, 503, 504 -> 14;
            default -> 2;
        };
    }

    /** gRPC's percent-encoding of {@code grpc-message}: bytes below space, {@code ~} and above, and {@code %}. */
    static String percentEncode(byte[] message) {
        StringBuilder out = new StringBuilder(message.length);
        for (byte b : message) {
            int c = b & 0xff;
            if (c < ' ' || c >= '~' || c == '%') {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    /** The HTTP status of the reply. */
    public int status() {
        return Integer.parseInt(headers.value(":status"));
    }

    /** The body; a copy the caller owns. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LocalReply that && headers.equals(that.headers) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "LocalReply{" + headers + ", body='" + new String(body, StandardCharsets.UTF_8) + "'}";
    }
}
