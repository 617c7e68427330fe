package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wasmjava.devserver.GatewayConfig.Route;
import io.wasmjava.host.Loopback;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** End to end through the gateway over real loopback sockets: the hello plugin, errors, traps, bad requests. */
@Timeout(120)
class GatewayIT {
    @RegisterExtension
    static final EchoUpstream echo = new EchoUpstream();
    private static final HttpClient CLIENT = Fixtures.client();

    @Test
    void helloPluginHeaderReachesTheUpstream() throws IOException {
        try (Fixtures.Running running = Fixtures.start(Fixtures.config()
                .plugin(Fixtures.hello(), "")
                .upstream(echo.uri())
                .build())) {
            HttpResponse<String> response = Fixtures.get(CLIENT, running.uri("/anything?q=1"));

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode seen = PluginConfigs.JSON.readTree(response.body());
            assertThat(seen.path("path").asText()).isEqualTo("/anything?q=1");
            assertThat(seen.path("headers").path("hello").asText()).isEqualTo("world");
            assertThat(seen.path("headers").path("host").asText()).isEqualTo(running.gateway().uri().getAuthority());
            assertThat(seen.path("headers").path("x-request-id").asText()).hasSize(36);
            assertThat(response.headers().firstValue("x-echo-server")).hasValue("wasmjava-devserver");
            assertThat(running.lines()).anyMatch(line -> line.contains("[request] GET /anything?… 200"));
        }
    }

    @Test
    void postBodyGoesThroughTheChainToTheUpstream() throws IOException {
        try (Fixtures.Running running = Fixtures.start(Fixtures.config()
                .plugin(Fixtures.hello(), "")
                .plugin(Fixtures.hello(), "{}")
                .upstream(echo.uri())
                .build())) {
            HttpResponse<String> response = Fixtures.send(CLIENT, HttpRequest.newBuilder(running.uri("/post"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build());

            JsonNode seen = PluginConfigs.JSON.readTree(response.body());
            assertThat(seen.path("method").asText()).isEqualTo("POST");
            assertThat(seen.path("body").asText()).isEqualTo("{\"a\":1}");
            // Two hello plugins in the chain: two hello headers.
            assertThat(seen.path("headers").path("hello").asText()).isEqualTo("world, world");
        }
    }

    @Test
    void localResponseFromThePluginGoesToTheClient() {
        try (Fixtures.Running running = Fixtures.start(Fixtures.config()
                .plugin(Fixtures.hello(), "mockEnable: true\n")
                .upstream(echo.uri())
                .build())) {
            long before = echo.requests();

            HttpResponse<String> response = Fixtures.get(CLIENT, running.uri("/"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello world");
            assertThat(response.headers().firstValue("content-type")).hasValue("text/plain");
            assertThat(echo.requests()).isEqualTo(before);
        }
    }

    @Test
    void upstreamDownIs503WithEnvoysBody() throws IOException {
        int closedPort = Loopback.closedPort();
        try (Fixtures.Running running = Fixtures.start(Fixtures.config()
                .plugin(Fixtures.hello(), "")
                .upstream(URI.create("http://127.0.0.1:" + closedPort))
                .build())) {
            HttpResponse<String> response = Fixtures.get(CLIENT, running.uri("/down"));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo(Outbound.CONNECT_FAILURE_BODY);
            // The server keeps serving.
            assertThat(Fixtures.get(CLIENT, running.uri("/down")).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void chunkedAndConnectionCloseResponsesAreRead() throws IOException {
        try (RawServer chunked = RawServer.answering("HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n"
                + "x-up: 1\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
                RawServer untilClose = RawServer.answering("HTTP/1.0 200 OK\r\n\r\nbody until close");
                Fixtures.Running running = Fixtures.start(Fixtures.config()
                        .plugin(Fixtures.hello(), "")
                        .cluster("chunked", "127.0.0.1", chunked.port())
                        .cluster("close", "127.0.0.1", untilClose.port())
                        .route(new Route("c", java.util.List.of("*"), "/chunked", null, null, "chunked",
                                Duration.ofSeconds(5), 0, ""))
                        .route(Route.catchAll("close", Duration.ofSeconds(5)))
                        .build())) {
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> first = Fixtures.get(CLIENT, running.uri("/chunked"));
                assertThat(first.statusCode()).isEqualTo(201);
                assertThat(first.body()).isEqualTo("hello world");
                assertThat(first.headers().firstValue("x-up")).hasValue("1");
                HttpResponse<String> second = Fixtures.get(CLIENT, running.uri("/other"));
                assertThat(second.statusCode()).isEqualTo(200);
                assertThat(second.body()).isEqualTo("body until close");
            }
        }
    }

    @Test
    void upstreamTimeoutIs504() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Fixtures.Running running = Fixtures.start(Fixtures.config()
                        .plugin(Fixtures.hello(), "")
                        .cluster("silent", "127.0.0.1", silent.getLocalPort())
                        .route(Route.catchAll("silent", Duration.ofMillis(300)))
                        .build())) {
            long start = System.nanoTime();
            HttpResponse<String> response = Fixtures.get(CLIENT, running.uri("/slow"));

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body()).isEqualTo(Outbound.TIMEOUT_BODY);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void pluginTrapIs500AndTheNextRequestStillWorks() throws IOException {
        try (Fixtures.Running running = Fixtures.start(Fixtures.config()
                .plugin(Fixtures.trapModule(), "")
                .workers(1)
                .upstream(echo.uri())
                .build())) {
            HttpRequest.Builder trapping = HttpRequest.newBuilder(running.uri("/trap"));
            for (int i = 0; i < 16; i++) {
                trapping.header("x-extra-" + i, "v");
            }

            HttpResponse<String> trapped = Fixtures.send(CLIENT, trapping.build());
            HttpResponse<String> next = Fixtures.get(CLIENT, running.uri("/after"));

            assertThat(trapped.statusCode()).isEqualTo(500);
            assertThat(trapped.body()).contains("wasm plugin trap-on-many-headers failed");
            assertThat(next.statusCode()).isEqualTo(200);
            assertThat(PluginConfigs.JSON.readTree(next.body()).path("path").asText()).isEqualTo("/after");
            assertThat(running.lines()).anyMatch(line -> line.contains("failed, re-creating it")
                    && line.contains("proxy_on_request_headers"));
        }
    }

    @Test
    void requestWithoutHostIs400() throws IOException {
        try (Fixtures.Running running = Fixtures.start(Fixtures.config()
                .plugin(Fixtures.hello(), "")
                .upstream(echo.uri())
                .build());
                Socket socket = new Socket("127.0.0.1", running.gateway().address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /no-host HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);

            assertThat(statusLine).isEqualTo("HTTP/1.1 400");
            assertThat(Fixtures.get(CLIENT, running.uri("/fine")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void noRouteIs404AndDirectResponsesAreServed() {
        try (Fixtures.Running running = Fixtures.start(Fixtures.config()
                .plugin(Fixtures.hello(), "")
                .cluster("echo", "127.0.0.1", echo.port())
                .route(new Route("health", java.util.List.of("*"), null, "/healthz", null, null, Duration.ZERO, 200,
                        "ok"))
                .route(new Route("api", java.util.List.of("*"), "/api/", null, null, "echo", Duration.ofSeconds(5), 0,
                        ""))
                .build())) {
            assertThat(Fixtures.get(CLIENT, running.uri("/nowhere")).statusCode()).isEqualTo(404);
            HttpResponse<String> health = Fixtures.get(CLIENT, running.uri("/healthz"));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok");
            assertThat(Fixtures.get(CLIENT, running.uri("/api/x")).statusCode()).isEqualTo(200);
        }
    }
}
