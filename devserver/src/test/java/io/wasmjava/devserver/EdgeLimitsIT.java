package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wasmjava.devserver.GatewayConfig.Limits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The configurable limits and timers of the listener, each set small so that it fires; the timeouts given to the
 * gateway are hundreds of milliseconds and every read waits at most {@link RawHttp#READ_TIMEOUT_MILLIS}, so a timer
 * that never fires fails the test instead of hanging it. Nothing here measures how long anything took.
 */
@Timeout(120)
class EdgeLimitsIT {
    private static final Duration SHORT = Duration.ofMillis(300);
    @RegisterExtension
    static final EchoUpstream echo = new EchoUpstream();

    private static Fixtures.Running gateway(Limits limits) {
        return Fixtures.start(Fixtures.config().plugin(Fixtures.hello(), "").upstream(echo.uri()).limits(limits)
                .build());
    }

    /** A limit set small, a request that trips it, and the local reply that answers it before the connection closes. */
    static Stream<Arguments> trippedLimits() {
        return Stream.of(
                arguments("request headers timeout", Limits.DEFAULTS.withRequestHeadersTimeout(SHORT),
                        "GET /slow HTTP/1.1\r\nHost: example\r\nX-Partial: ",
                        "HTTP/1.1 408 Request Timeout", "request header timeout"),
                arguments("stream idle timeout on a partial head",
                        Limits.DEFAULTS.withRequestHeadersTimeout(Duration.ZERO).withStreamIdleTimeout(SHORT),
                        "GET /idle HTTP/1.1\r\nHo", "HTTP/1.1 408 Request Timeout", "stream timeout"),
                arguments("stream idle timeout on a partial body", Limits.DEFAULTS.withStreamIdleTimeout(SHORT),
                        "POST /body HTTP/1.1\r\nHost: example\r\nContent-Length: 10\r\n\r\nabc",
                        "HTTP/1.1 408 Request Timeout", "stream timeout"),
                arguments("chunked body over the buffer limit", Limits.DEFAULTS.withBufferLimitBytes(16),
                        "POST /c HTTP/1.1\r\nHost: example\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "10\r\n0123456789abcdef\r\n1\r\nX\r\n0\r\n\r\n",
                        "HTTP/1.1 413 Payload Too Large", "Payload Too Large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trippedLimits")
    void answersARequestThatTripsALimitAndClosesTheConnection(String name, Limits limits, String request,
            String statusLine, String body) {
        try (Fixtures.Running running = gateway(limits);
                RawHttp http = RawHttp.connect(running.gateway().address())) {
            http.send(request);

            http.read().assertLocalReply(statusLine, body);
            assertThat(http.isClosedByServer()).isTrue();
        }
    }

    @Test
    void streamIdleTimeoutAnswers504WhileAPluginHoldsTheRequest() throws IOException {
        // The token plugin waits for a token service that accepts and never answers (its own timeout: a minute).
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Fixtures.Running running = Fixtures.start(Fixtures.config()
                        .plugin(Fixtures.module("token-plugin"), TokenPluginGatewayIT.HEADER_CONFIG
                                .replace("\"servicePort\":80", "\"servicePort\":80,\"timeoutMillis\":60000"))
                        .upstream(echo.uri())
                        .cluster("token.static", "127.0.0.1", silent.getLocalPort())
                        .limits(Limits.DEFAULTS.withStreamIdleTimeout(SHORT))
                        .workers(1)
                        .build());
                RawHttp http = RawHttp.connect(running.gateway().address())) {
            long before = echo.requests();
            http.send("GET /held HTTP/1.1\r\nHost: example\r\n\r\n");

            RawHttp.Response response = http.read();

            assertThat(response.statusLine()).isEqualTo("HTTP/1.1 504 Gateway Timeout");
            assertThat(response.body()).isEqualTo("stream timeout");
            assertThat(echo.requests()).isEqualTo(before);
            // The abandoned request's plugin stream was ended: the worker holds nothing.
            assertThat(activeRequestsOnTheWorker(running)).isZero();
        }
    }

    private static int activeRequestsOnTheWorker(Fixtures.Running running) {
        java.util.concurrent.CompletableFuture<Integer> count = new java.util.concurrent.CompletableFuture<>();
        Worker worker = running.gateway().workers().get(0);
        worker.post(() -> count.complete(worker.activeCount()));
        return count.join();
    }

    @Test
    void idleConnectionIsClosedWithoutAResponse() {
        try (Fixtures.Running running = gateway(Limits.DEFAULTS.withIdleTimeout(SHORT));
                RawHttp fresh = RawHttp.connect(running.gateway().address());
                RawHttp used = RawHttp.connect(running.gateway().address())) {
            used.send("GET /once HTTP/1.1\r\nHost: example\r\n\r\n");
            assertThat(used.read().statusLine()).isEqualTo("HTTP/1.1 200 OK");

            assertThat(fresh.isClosedByServer()).isTrue();
            assertThat(used.isClosedByServer()).isTrue();
        }
    }

    @Test
    void headerLimitsAreConfigurable() {
        Limits limits = Limits.DEFAULTS.withMaxHeadersCount(3).withMaxRequestHeadersKb(1);
        try (Fixtures.Running running = gateway(limits)) {
            try (RawHttp http = RawHttp.connect(running.gateway().address())) {
                http.send("GET / HTTP/1.1\r\nHost: example\r\nA: 1\r\nB: 2\r\n\r\n");
                assertThat(http.read().statusLine()).isEqualTo("HTTP/1.1 200 OK");
            }
            try (RawHttp http = RawHttp.connect(running.gateway().address())) {
                http.send("GET / HTTP/1.1\r\nHost: example\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");
                http.read().assertLocalReply("HTTP/1.1 431 Request Header Fields Too Large",
                        "Request Header Fields Too Large");
            }
            try (RawHttp http = RawHttp.connect(running.gateway().address())) {
                http.send("GET / HTTP/1.1\r\nHost: example\r\nA: " + "x".repeat(1024) + "\r\n\r\n");
                http.read().assertLocalReply("HTTP/1.1 431 Request Header Fields Too Large",
                        "Request Header Fields Too Large");
            }
        }
    }

    @Test
    void acceptHttp10ServesOtherVersionsAsHttp10() {
        try (Fixtures.Running running = gateway(Limits.DEFAULTS.withAcceptHttp10(true));
                RawHttp http = RawHttp.connect(running.gateway().address())) {
            http.send("GET /ten HTTP/9.9\r\nHost: example\r\n\r\n");

            RawHttp.Response response = http.read();

            assertThat(response.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(http.isClosedByServer()).isTrue();
        }
    }

    @Test
    void connectionsPastTheLimitAreClosedAtOnce() {
        try (Fixtures.Running running = gateway(Limits.DEFAULTS.withMaxConnections(1));
                RawHttp first = RawHttp.connect(running.gateway().address())) {
            first.send("GET /first HTTP/1.1\r\nHost: example\r\n\r\n");
            assertThat(first.read().statusLine()).isEqualTo("HTTP/1.1 200 OK");

            try (RawHttp second = RawHttp.connect(running.gateway().address())) {
                assertThat(second.isClosedByServer()).isTrue();
            }
            first.send("GET /again HTTP/1.1\r\nHost: example\r\n\r\n");
            assertThat(first.read().statusLine()).isEqualTo("HTTP/1.1 200 OK");
        }
    }
}
