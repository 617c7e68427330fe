package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.Headers;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reply Envoy sends for a plugin's local response (envoyproxy/envoy {@code source/common/http/utility.cc}
 * {@code prepareLocalReply}/{@code encodeLocalReply}; {@code source/common/grpc/common.cc} {@code hasGrpcContentType};
 * {@code source/common/grpc/status.cc} {@code httpToGrpcStatus}).
 */
class LocalReplyTest {
    private static final Headers GRPC_POST = Headers.of(":method", "POST", ":path", "/pkg.Svc/Call",
            "content-type", "application/grpc");
    private static final Headers PLAIN_GET = Headers.of(":method", "GET", ":path", "/items");
    private static final byte[] NONE = new byte[0];

    private static LocalResponse response(int status, String body, Headers headers, int grpcStatus) {
        return new LocalResponse(status, "", body.getBytes(StandardCharsets.UTF_8), headers, grpcStatus);
    }

    static Stream<Arguments> replies() {
        return Stream.of(
                argumentSet("gRPC request, status given: 200, trailers only, message from the body",
                        response(503, "unavailable", Headers.of("x-reason", "grpc"), 14), GRPC_POST,
                        new LocalReply(Headers.of(":status", "200", "x-reason", "grpc", "content-type",
                                "application/grpc", "grpc-status", "14", "grpc-message", "unavailable"), NONE)),
                argumentSet("gRPC request, no status (-1): mapped from the HTTP status (429 -> UNAVAILABLE)",
                        response(429, "", Headers.empty(), -1), GRPC_POST,
                        new LocalReply(Headers.of(":status", "200", "content-type", "application/grpc",
                                "grpc-status", "14"), NONE)),
                argumentSet("gRPC request, status out of range (17): mapped, as Envoy's Wasm context drops it",
                        response(403, "", Headers.empty(), 17), GRPC_POST,
                        new LocalReply(Headers.of(":status", "200", "content-type", "application/grpc",
                                "grpc-status", "7"), NONE)),
                argumentSet("gRPC request, unmapped HTTP status: UNKNOWN",
                        response(418, "", Headers.empty(), -1), GRPC_POST,
                        new LocalReply(Headers.of(":status", "200", "content-type", "application/grpc",
                                "grpc-status", "2"), NONE)),
                argumentSet("gRPC request: the plugin's grpc-status header wins; its content-type is replaced",
                        response(500, "", Headers.of("grpc-status", "5", "content-type", "text/html"), 13),
                        GRPC_POST, new LocalReply(Headers.of(":status", "200", "grpc-status", "5", "content-type",
                                "application/grpc"), NONE)),
                argumentSet("gRPC request: the message is percent-encoded (%, ~, controls, UTF-8)",
                        response(400, "50% ~ok\né", Headers.empty(), 3), GRPC_POST,
                        new LocalReply(Headers.of(":status", "200", "content-type", "application/grpc",
                                "grpc-status", "3", "grpc-message", "50%25 %7Eok%0A%C3%A9"), NONE)),
                argumentSet("application/grpc+proto is gRPC",
                        response(401, "", Headers.empty(), -1), Headers.of(":method", "POST", ":path", "/s/m",
                                "content-type", "application/grpc+proto"),
                        new LocalReply(Headers.of(":status", "200", "content-type", "application/grpc",
                                "grpc-status", "16"), NONE)),
                argumentSet("application/grpc-web is not gRPC: the HTTP reply, gRPC status ignored",
                        response(503, "down", Headers.empty(), 14), Headers.of(":method", "POST", ":path", "/s/m",
                                "content-type", "application/grpc-web"),
                        new LocalReply(Headers.of(":status", "503", "content-length", "4", "content-type",
                                "text/plain"), bytes("down"))),
                argumentSet("plain request with a gRPC status: the HTTP reply",
                        response(503, "unavailable", Headers.of("x-reason", "grpc"), 14), PLAIN_GET,
                        new LocalReply(Headers.of(":status", "503", "x-reason", "grpc", "content-length", "11",
                                "content-type", "text/plain"), bytes("unavailable"))),
                argumentSet("plain request: the plugin's content-type is kept",
                        response(400, "{}", Headers.of("content-type", "application/json"), -1), PLAIN_GET,
                        new LocalReply(Headers.of(":status", "400", "content-type", "application/json",
                                "content-length", "2"), bytes("{}"))),
                argumentSet("plain request, empty body: no content-length, no content-type",
                        response(204, "", Headers.of("content-type", "text/plain"), -1), PLAIN_GET,
                        new LocalReply(Headers.of(":status", "204"), NONE)),
                argumentSet("HEAD: the headers only",
                        response(403, "denied", Headers.empty(), -1), Headers.of(":method", "HEAD", ":path", "/"),
                        new LocalReply(Headers.of(":status", "403", "content-length", "6", "content-type",
                                "text/plain"), NONE)));
    }

    @ParameterizedTest
    @MethodSource("replies")
    void shapesTheReplyAsEnvoy(LocalResponse response, Headers request, LocalReply expected) {
        assertThat(LocalReply.of(response, request)).isEqualTo(expected);
    }

    @Test
    void aGrpcContentTypeWithoutAPathIsNotAGrpcRequest() {
        assertThat(LocalReply.isGrpcRequest(Headers.of(":method", "POST", "content-type", "application/grpc")))
                .isFalse();
    }

    @Test
    void aGrpcHeadRequestGetsNoMessage() {
        LocalReply reply = LocalReply.of(response(503, "busy", Headers.empty(), 14),
                Headers.of(":method", "HEAD", ":path", "/s/m", "content-type", "application/grpc"));

        assertThat(reply).isEqualTo(new LocalReply(Headers.of(":status", "200", "content-type", "application/grpc",
                "grpc-status", "14"), NONE));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
