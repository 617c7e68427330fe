package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wasmjava.host.Loopback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The token plugin in the gateway, calling a real token service through {@code outbound|80||token.static}. */
@Timeout(120)
class TokenPluginGatewayIT {
    /** The seed example's schema: the token comes in a header and is injected under the same name. */
    static final String HEADER_CONFIG =
            "{\"serviceName\":\"token.static\",\"servicePort\":80,\"requestPath\":\"/token\",\"tokenHeader\":\"x-token\"}";

    @RegisterExtension
    static final EchoUpstream echo = new EchoUpstream();
    private static TokenServer tokens;
    private static final HttpClient CLIENT = Fixtures.client();

    @BeforeAll
    static void startServices() {
        tokens = TokenServer.start(0);
    }

    @AfterAll
    static void stopServices() {
        tokens.close();
    }

    private static GatewayConfig.Builder gateway(String tokenConfig) {
        return Fixtures.config()
                .plugin(Fixtures.module("token-plugin"), tokenConfig)
                .upstream(echo.uri())
                .cluster("token.static", "127.0.0.1", tokens.port());
    }

    @Test
    void injectsTheFetchedTokenAndNeverLogsIt() throws IOException {
        try (Fixtures.Running running = Fixtures.start(gateway(HEADER_CONFIG).build())) {
            HttpResponse<String> response = Fixtures.send(CLIENT, HttpRequest.newBuilder(running.uri("/api"))
                    .header("x-token", "spoofed-by-client").build());

            assertThat(response.statusCode()).isEqualTo(200);
            String injected = PluginConfigs.JSON.readTree(response.body()).path("headers").path("x-token").asText();
            assertThat(injected).startsWith("demo-token-").isNotEqualTo("spoofed-by-client");
            assertThat(running.lines()).anyMatch(line -> line.contains("[callout] token-plugin outbound|80||token.static "
                    + "GET /token -> 200"));
            assertThat(running.lines()).noneMatch(line -> line.contains(injected));
        }
    }

    @Test
    void jsonPathVariantCachesTheTokenForItsLifetime() throws IOException {
        try (Fixtures.Running running = Fixtures.start(gateway(Demo.TOKEN_CONFIG).workers(1).build())) {
            long before = tokens.issued();
            String first = authorization(Fixtures.get(CLIENT, running.uri("/one")));
            String second = authorization(Fixtures.get(CLIENT, running.uri("/two")));

            assertThat(first).startsWith("Bearer demo-token-").isEqualTo(second);
            assertThat(tokens.issued() - before).isEqualTo(1);
        }
    }

    @Test
    void tokenServiceDownFailsOpenByDefault() throws IOException {
        String config = HEADER_CONFIG.replace("\"servicePort\":80", "\"servicePort\":80,\"timeoutMillis\":300");
        int closedPort = Loopback.closedPort();
        try (Fixtures.Running running = Fixtures.start(Fixtures.config()
                .plugin(Fixtures.module("token-plugin"), config)
                .upstream(echo.uri())
                .cluster("token.static", "127.0.0.1", closedPort)
                .build())) {
            HttpResponse<String> response = Fixtures.get(CLIENT, running.uri("/open"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(PluginConfigs.JSON.readTree(response.body()).path("headers").has("x-token")).isFalse();
            assertThat(running.lines()).anyMatch(line -> line.contains("GET /token -> 503 (connection failure)"));
        }
    }

    @Test
    void aCalloutTimeoutReachesThePluginAs504AndAResetAsNoHeaders() throws IOException {
        String config = HEADER_CONFIG.replace("\"servicePort\":80", "\"servicePort\":80,\"timeoutMillis\":300");
        try (RawServer silent = RawServer.answering(null);
                RawServer cutOff = RawServer.answering("HTTP/1.1 200 OK\r\nx-token: t\r\ncontent-length: 100\r\n\r\n"
                        + "only part of the body");
                Fixtures.Running timingOut = Fixtures.start(Fixtures.config()
                        .plugin(Fixtures.module("token-plugin"), config)
                        .upstream(echo.uri())
                        .cluster("token.static", "127.0.0.1", silent.port())
                        .build());
                Fixtures.Running resetting = Fixtures.start(Fixtures.config()
                        .plugin(Fixtures.module("token-plugin"), config)
                        .upstream(echo.uri())
                        .cluster("token.static", "127.0.0.1", cutOff.port())
                        .build())) {
            assertThat(Fixtures.get(CLIENT, timingOut.uri("/slow-token")).statusCode()).isEqualTo(200);
            assertThat(Fixtures.get(CLIENT, resetting.uri("/cut-token")).statusCode()).isEqualTo(200);

            assertThat(timingOut.lines()).anyMatch(line -> line.contains("GET /token -> 504 (timeout"));
            assertThat(resetting.lines()).anyMatch(line -> line.contains("GET /token -> reset, no headers"));
            // The plugin saw the reset as a failure, not as a response (no :status): Envoy's onHttpCallFailure.
            assertThat(resetting.lines()).anyMatch(line -> line.contains("token fetch failed") && line.contains("RESET"));
        }
    }

    @Test
    void twoHundredConcurrentRequestsPausedOnCalloutsAllComplete() throws Exception {
        // Without a TTL the token is not cached: every request pauses for a fetch (one fetch per burst per VM).
        tokens.delayMillis(30);
        // What is tested is that every paused request resumes, not the token service's speed: on a loaded machine
        // (parallel builds) a fetch took longer than the 500 ms default and the requests went on without a token.
        String config = HEADER_CONFIG.replace("\"servicePort\":80", "\"servicePort\":80,\"timeoutMillis\":20000");
        try (Fixtures.Running running = Fixtures.start(gateway(config).build())) {
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                responses.add(CLIENT.sendAsync(HttpRequest.newBuilder(running.uri("/burst/" + i))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            CompletableFuture.allOf(responses.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);

            for (int i = 0; i < responses.size(); i++) {
                HttpResponse<String> response = responses.get(i).join();
                assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
                JsonNode seen = PluginConfigs.JSON.readTree(response.body());
                assertThat(seen.path("path").asText()).isEqualTo("/burst/" + i);
                assertThat(seen.path("headers").path("x-token").asText()).startsWith("demo-token-");
            }
            for (Worker worker : running.gateway().workers()) {
                CompletableFuture<Integer> active = new CompletableFuture<>();
                worker.post(() -> active.complete(worker.activeCount()));
                assertThat(active.get(10, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            tokens.delayMillis(0);
        }
    }

    @Test
    void duringAnOutageOneFetchPerPauseAndMarkedRequestsGoOnAtOnce() throws IOException {
        // A pause far longer than the test, so the count does not depend on timing.
        String config = HEADER_CONFIG.replace("\"servicePort\":80", "\"servicePort\":80,\"timeoutMillis\":300,"
                + "\"fetchBackoffMillis\":600000,\"failureModeAllowHeaderAdd\":true");
        try (Fixtures.Running running = Fixtures.start(Fixtures.config()
                .plugin(Fixtures.module("token-plugin"), config)
                .upstream(echo.uri())
                .cluster("token.static", "127.0.0.1", Loopback.closedPort())
                .workers(1)
                .build())) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = Fixtures.send(CLIENT, HttpRequest.newBuilder(running.uri("/out/" + i))
                        .header("x-envoy-auth-failure-mode-allowed", "spoofed").build());

                assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
                JsonNode headers = PluginConfigs.JSON.readTree(response.body()).path("headers");
                assertThat(headers.has("x-token")).isFalse();
                assertThat(headers.path("x-envoy-auth-failure-mode-allowed").asText()).isEqualTo("true");
            }

            assertThat(running.lines().stream().filter(line -> line.contains("GET /token ->")))
                    .as("one fetch, then the pause").hasSize(1);
            assertThat(running.lines()).anyMatch(line -> line.contains("token fetch failed")
                    && line.contains("no new fetch for 600000 ms"));
        }
    }

    @Test
    void workersShareOneTokenFetchPerRefresh() throws Exception {
        // Issue #15's acceptance: a burst spread over the workers costs one fetch, counted at the token service, and
        // so does the next burst after the token expired; with a VM's own cache each worker fetched its own.
        String config = "{\"serviceName\":\"token.static\",\"servicePort\":80,\"requestPath\":\"/token\","
                + "\"tokenJsonPath\":\"data.access_token\",\"cacheTtlSeconds\":5,\"refreshAheadSeconds\":0,"
                + "\"timeoutMillis\":20000,\"injectHeader\":\"authorization\",\"injectFormat\":\"Bearer {token}\"}";
        // Slow enough that requests reach every worker while the fetch is out.
        tokens.delayMillis(300);
        try (Fixtures.Running running = Fixtures.start(gateway(config).workers(3).build())) {
            long before = tokens.issued();
            List<String> first = burst(running, "/first/", 40);
            assertThat(tokens.issued() - before).as("fetches for the first burst").isEqualTo(1);
            assertThat(first).containsOnly(first.get(0));

            // The token lives 5 s from its fetch, which ended before the burst did: a slow machine has 5 s for the
            // first burst before the token could expire inside it.
            Thread.sleep(5500);
            List<String> second = burst(running, "/second/", 40);
            assertThat(tokens.issued() - before).as("fetches after the token expired").isEqualTo(2);
            assertThat(second).containsOnly(second.get(0)).doesNotContain(first.get(0));
        } finally {
            tokens.delayMillis(0);
        }
    }

    /** Sends {@code count} requests at once; the {@code authorization} header each one reached the upstream with. */
    private static List<String> burst(Fixtures.Running running, String path, int count) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            responses.add(CLIENT.sendAsync(HttpRequest.newBuilder(running.uri(path + i))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(responses.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        List<String> seen = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.join().statusCode()).isEqualTo(200);
            seen.add(authorization(response.join()));
        }
        assertThat(seen.get(0)).startsWith("Bearer demo-token-");
        return seen;
    }

    private static String authorization(HttpResponse<String> response) {
        try {
            return PluginConfigs.JSON.readTree(response.body()).path("headers").path("authorization").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
