package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.wasmjava.devserver.GatewayConfig.ClusterAddress;
import io.wasmjava.interop.phases.PhaseMatrixPlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Response data the phase-matrix plugin injects, and its gRPC local replies, through the gateway to a real client,
 * with a loopback upstream that streams its response in chunks (chunked transfer encoding, one flush per event).
 */
@Timeout(120)
class InjectionGatewayIT {
    private static final List<String> EVENTS = List.of("data: one\n\n", "data: two\n\n", "data: three\n\n");

    @RegisterExtension
    static final EchoUpstream auth = new EchoUpstream();
    private static HttpServer upstream;
    private static Fixtures.Running running;
    private final HttpClient client = Fixtures.client();

    @BeforeAll
    static void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/events", exchange -> {
            exchange.getResponseHeaders().add("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String event : EVENTS) {
                    out.write(event.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        upstream.createContext("/empty", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        upstream.start();
        running = Fixtures.start(gateway(auth.uri(), GatewayConfig.Limits.DEFAULTS));
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
        upstream.stop(0);
    }

    private static GatewayConfig gateway(URI authService, GatewayConfig.Limits limits) {
        return Fixtures.config()
                .plugin(Fixtures.phaseMatrix(), "{}")
                .upstream(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()))
                // The cluster the plugin's pause-response step calls before injecting.
                .cluster(PhaseMatrixPlugin.AUTH_CLUSTER,
                        new ClusterAddress(authService.getHost(), authService.getPort(), false))
                .limits(limits)
                .build();
    }

    private HttpResponse<String> send(URI uri, String steps, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("x-do", steps);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return Fixtures.send(client, request.POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void aPausedStreamingResponseReachesTheClientAsThePluginInjectsIt() {
        HttpResponse<String> response = send(running.uri("/events"), "pause-response");

        // The plugin pushes the body, calls the auth cluster, then injects it upper-cased with the end of stream;
        // the chunk it paused (replaced by nothing) never reaches the client.
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("DATA: ONE\n\nDATA: TWO\n\nDATA: THREE\n\n");
        assertThat(response.headers().firstValue("content-length")).hasValue("35");
        assertThat(auth.requests()).isPositive();
    }

    @Test
    void withoutAPauseTheStreamingResponsePassesAsThePluginChangedIt() {
        HttpResponse<String> response = send(running.uri("/events"), "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("DATA: ONE\n\nDATA: TWO\n\nDATA: THREE\n\n.");
    }

    @Test
    void dataInjectedAtResponseHeadersIsTheBodyOfABodilessResponse() {
        HttpResponse<String> response = send(running.uri("/empty"), "inject@response-headers");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("injected at headers");
    }

    @Test
    void aGrpcLocalReplyToAGrpcRequestIsTrailersOnly() {
        HttpResponse<String> response = send(running.uri("/pkg.Service/Call"), "grpc@request-headers",
                "content-type", "application/grpc");

        // Envoy (utility.cc prepareLocalReply): 200, application/grpc, grpc-status and grpc-message headers,
        // no body. The plugin's own response phase adds x-matrix-response, as the reply passes its encoder.
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(headers(response, "content-type", "grpc-status", "grpc-message", "x-reason", "content-length"))
                .isEqualTo(Map.of("content-type", "application/grpc", "grpc-status", "14", "grpc-message",
                        "unavailable", "x-reason", "grpc", "content-length", "0"));
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aGrpcLocalReplyToAPlainRequestIsAnHttpReply() {
        HttpResponse<String> response = send(running.uri("/items"), "grpc@request-headers");

        // The reply passes the plugin's encoder too: its streaming body handler upper-cases the body and ends it
        // with "."; the gRPC status is dropped, as Envoy drops it for a request that is not gRPC.
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(headers(response, "content-type", "grpc-status", "grpc-message", "x-reason", "content-length"))
                .isEqualTo(Map.of("content-type", "text/plain", "x-reason", "grpc", "content-length", "12"));
        assertThat(response.body()).isEqualTo("UNAVAILABLE.");
    }

    @Test
    void aPluginThatPausesAndNeverInjectsIsCutOffByTheStreamIdleTimeout() throws IOException, InterruptedException {
        // The auth service never answers, so the plugin never injects; its call outlives the stream idle timeout.
        try (RawServer silent = RawServer.answering(null);
                Fixtures.Running stalled = Fixtures.start(gateway(URI.create("http://127.0.0.1:" + silent.port()),
                        GatewayConfig.Limits.DEFAULTS.withStreamIdleTimeout(Duration.ofMillis(300))))) {
            HttpResponse<String> response = send(stalled.uri("/events"), "pause-response");

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body()).isEqualTo("stream timeout");
            // The plugin's stream ended with the request: its done and release actions ran.
            assertThat(stalled.awaitLines(line -> line.contains("released stream"), 1)).isNotEmpty();
            assertThat(stalled.awaitLines(line -> line.contains("done: status 200, local false, ended true"), 1))
                    .isNotEmpty();
        }
    }

    @Test
    void injectedDataCountsAgainstTheBufferLimit() {
        try (Fixtures.Running small = Fixtures.start(gateway(auth.uri(),
                GatewayConfig.Limits.DEFAULTS.withBufferLimitBytes(16)))) {
            HttpResponse<String> paused = send(small.uri("/events"), "pause-response");
            HttpResponse<String> passed = send(small.uri("/events"), "");

            // 35 bytes injected: over the limit. The same body passed through (not injected) is not limited.
            assertThat(paused.statusCode()).isEqualTo(500);
            assertThat(paused.body()).isEqualTo("wasm plugin phase-matrix injected more than 16 bytes\n");
            assertThat(passed.statusCode()).isEqualTo(200);
            assertThat(passed.body()).isEqualTo("DATA: ONE\n\nDATA: TWO\n\nDATA: THREE\n\n.");
            assertThat(small.lines()).noneMatch(line -> line.contains("unexpected"));
        }
    }

    private static Map<String, String> headers(HttpResponse<?> response, String... names) {
        Map<String, String> present = new TreeMap<>();
        for (String name : names) {
            response.headers().firstValue(name).ifPresent(value -> present.put(name, value));
        }
        return present;
    }
}
