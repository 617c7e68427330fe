package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the gateway answers to odd and hostile HTTP/1 input with its default limits, over raw loopback sockets:
 * Envoy's answers (status line, framing headers, body), never a hang. Every read is bounded by
 * {@link RawHttp#READ_TIMEOUT_MILLIS}.
 */
@Timeout(120)
class EdgeBehaviourIT {
    @RegisterExtension
    static final EchoUpstream echo = new EchoUpstream();
    private static Fixtures.Running running;

    @BeforeAll
    static void start() {
        running = Fixtures.start(Fixtures.config().plugin(Fixtures.hello(), "").upstream(echo.uri()).build());
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private static RawHttp connect() {
        return RawHttp.connect(running.gateway().address());
    }

    /** Input Envoy's codec refuses, and the status of its local reply; it then closes the connection. */
    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                arguments("unknown HTTP version: Upgrade Required, as Envoy without HTTP/1.0",
                        "GET /v HTTP/9.9\r\nHost: example\r\n\r\n", "426 Upgrade Required"),
                arguments("malformed HTTP version", "GET /v HTTP/1.10\r\nHost: example\r\n\r\n", "400 Bad Request"),
                arguments("lone carriage return", "GET /cr HTTP/1.1\r\nHost: example\rX-A: 1\r\n\r\n",
                        "400 Bad Request"),
                arguments("header block over 60 KiB",
                        "GET /big HTTP/1.1\r\nHost: example\r\nX-Big: " + "a".repeat(61 * 1024) + "\r\n\r\n",
                        "431 Request Header Fields Too Large"),
                arguments("unknown method", "BREW /pot HTTP/1.1\r\nHost: example\r\n\r\n", "400 Bad Request"),
                arguments("unknown transfer encoding",
                        "POST /te HTTP/1.1\r\nHost: example\r\nTransfer-Encoding: gzip\r\n\r\n",
                        "501 Not Implemented"),
                arguments("Content-Length with chunked", "POST /smuggle HTTP/1.1\r\nHost: example\r\n"
                        + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400 Bad Request"),
                arguments("body over the buffer limit", "POST /upload HTTP/1.1\r\nHost: example\r\nContent-Length: "
                        + (1024 * 1024 + 1) + "\r\n\r\n", "413 Payload Too Large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void refusesWithEnvoysLocalReplyAndClosesTheConnection(String name, String request, String status) {
        try (RawHttp http = connect()) {
            http.send(request);

            // Envoy's local reply carries the reason phrase as its body.
            http.read().assertLocalReply("HTTP/1.1 " + status, status.substring(status.indexOf(' ') + 1));
            assertThat(http.isClosedByServer()).isTrue();
        }
    }

    @Test
    void bareLineFeedsEndLinesAsInEnvoysParser() throws IOException {
        try (RawHttp http = connect()) {
            http.send("GET /bare-lf HTTP/1.1\nHost: example\nX-A: 1\n\n");

            RawHttp.Response response = http.read();

            assertThat(response.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            JsonNode seen = PluginConfigs.JSON.readTree(response.body());
            assertThat(seen.path("path").asText()).isEqualTo("/bare-lf");
            assertThat(seen.path("headers").path("x-a").asText()).isEqualTo("1");
            assertThat(seen.path("headers").path("hello").asText()).isEqualTo("world");
        }
    }

    @Test
    void moreThanOneHundredHeadersIsRequestHeaderFieldsTooLarge() {
        StringBuilder hundred = new StringBuilder("GET /count HTTP/1.1\r\nHost: example\r\n");
        for (int i = 1; i < 100; i++) {
            hundred.append("X-H").append(i).append(": v\r\n");
        }
        try (RawHttp http = connect()) {
            http.send(hundred + "\r\n");

            assertThat(http.read().statusLine()).isEqualTo("HTTP/1.1 200 OK");
        }
        try (RawHttp http = connect()) {
            http.send(hundred + "X-One-Too-Many: v\r\n\r\n");

            http.read().assertLocalReply("HTTP/1.1 431 Request Header Fields Too Large",
                    "Request Header Fields Too Large");
        }
    }

    @Test
    void tlsHandshakeOnThePlainPortIsBadRequestAtOnce() {
        try (RawHttp http = connect()) {
            // The first bytes of a TLS ClientHello: no method starts with 0x16, so there is nothing to wait for.
            http.send(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03});

            http.read().assertLocalReply("HTTP/1.1 400 Bad Request", "Bad Request");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOneAtATime() throws IOException {
        try (RawHttp http = connect()) {
            http.send("GET /one HTTP/1.1\r\nHost: example\r\n\r\n"
                    + "POST /two HTTP/1.1\r\nHost: example\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /three HTTP/1.1\r\nHost: example\r\nConnection: close\r\n\r\n");

            List<RawHttp.Response> responses = http.readUntilClosed();

            assertThat(responses).extracting(RawHttp.Response::statusLine)
                    .containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK");
            assertThat(PluginConfigs.JSON.readTree(responses.get(0).body()).path("path").asText()).isEqualTo("/one");
            JsonNode two = PluginConfigs.JSON.readTree(responses.get(1).body());
            assertThat(two.path("path").asText()).isEqualTo("/two");
            assertThat(two.path("body").asText()).isEqualTo("abc");
            assertThat(PluginConfigs.JSON.readTree(responses.get(2).body()).path("path").asText())
                    .isEqualTo("/three");
            assertThat(responses.get(2).header("connection")).isEqualTo("close");
        }
    }

    @Test
    void expectContinueGetsOneHundredContinueFromTheGateway() throws IOException {
        try (RawHttp http = connect()) {
            http.send("POST /expect HTTP/1.1\r\nHost: example\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");

            assertThat(http.read().statusLine()).isEqualTo("HTTP/1.1 100 Continue");
            http.send("hi");
            RawHttp.Response response = http.read();

            assertThat(response.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            JsonNode seen = PluginConfigs.JSON.readTree(response.body());
            assertThat(seen.path("body").asText()).isEqualTo("hi");
            assertThat(seen.path("headers").has("expect")).isFalse();
        }
    }

    @Test
    void chunkedRequestBodyIsReassembled() throws IOException {
        try (RawHttp http = connect()) {
            http.send("POST /chunked HTTP/1.1\r\nHost: example\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nX-Trailer: t\r\n\r\n");

            RawHttp.Response response = http.read();

            assertThat(response.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(PluginConfigs.JSON.readTree(response.body()).path("body").asText()).isEqualTo("abcdefg");
        }
    }
}
