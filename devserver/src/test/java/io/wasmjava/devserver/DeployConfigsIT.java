package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HostEmulator;
import io.wasmjava.host.HostOptions;
import io.wasmjava.host.PluginInstance;
import io.wasmjava.host.RedisConnection;
import io.wasmjava.host.RedisInit;
import io.wasmjava.host.RedisServerProcess;
import io.wasmjava.host.WasmEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code deploy/<plugin>/} files end to end through the devserver, with real sockets: each envoy.yaml is served
 * as is, its Docker service addresses pointed at loopback stand-ins with {@code --cluster} (a JDK echo server for
 * httpbin, an {@code http-echo} look-alike answering the compose file's own text for the token service, a real
 * {@code redis-server}); and every configuration in each WasmPlugin resource, combined as Higress sends it, loads in
 * the compiled plugin.
 */
@Timeout(120)
class DeployConfigsIT {
    private static final HttpClient CLIENT = Fixtures.client();

    private static String envoyYaml(String plugin) {
        return DeployFiles.dir(plugin).resolve("envoy.yaml").toString();
    }

    @Test
    void tokenPluginEnvoyYamlInjectsTheTokenTheComposeTokenServiceIssues() throws IOException {
        JsonNode tokenService = DeployFiles.compose("token-plugin").path("services").path("token-service");
        try (EchoServer httpbin = EchoServer.start(0);
                HttpEchoLookalike tokens = HttpEchoLookalike.start(DeployFiles.argument(tokenService, "-text"));
                Fixtures.Running gateway = Fixtures.start(Main.parseRun(new String[] {envoyYaml("token-plugin"),
                    "--listen", "127.0.0.1:0", "--workers", "1", "--engine", Fixtures.engineName(),
                    "--cluster", "httpbin=127.0.0.1:" + httpbin.port(),
                    "--cluster", "outbound|80||token.static=127.0.0.1:" + tokens.port()}))) {
            HttpResponse<String> first = Fixtures.send(CLIENT, HttpRequest.newBuilder(gateway.uri("/get"))
                    .header("authorization", "Bearer spoofed-by-client").build());
            HttpResponse<String> second = Fixtures.get(CLIENT, gateway.uri("/get?again=1"));

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(upstreamHeader(first, "authorization")).isEqualTo("Bearer token-from-compose");
            assertThat(upstreamHeader(second, "authorization")).isEqualTo("Bearer token-from-compose");
            // Cached for the answer's expires_in: one fetch for both requests on the one worker.
            assertThat(tokens.requests()).isEqualTo(1);
            assertThat(tokens.lastPath()).isEqualTo("/token");
            assertThat(gateway.lines()).anyMatch(line -> line.contains(
                    "[callout] token-plugin outbound|80||token.static GET /token -> 200"));
        }
    }

    @Test
    void rateLimitEnvoyYamlPassesExactlyTheLimitThenAnswers429() throws IOException {
        JsonNode config = PluginConfigs.JSON.readTree(DeployFiles.envoyPluginConfig("ratelimit-plugin"));
        int limit = config.path("global_threshold").path("query_per_minute").asInt();
        String counter = "higress-cluster-key-rate-limit:" + config.path("rule_name").asText()
                + ":global_threshold:60";
        try (RedisServerProcess redis = RedisServerProcess.start();
                EchoServer httpbin = EchoServer.start(0);
                Fixtures.Running gateway = Fixtures.start(Main.parseRun(new String[] {envoyYaml("ratelimit-plugin"),
                    "--listen", "127.0.0.1:0", "--engine", Fixtures.engineName(),
                    "--cluster", "httpbin=127.0.0.1:" + httpbin.port(),
                    "--cluster", "outbound|6379||redis.static=127.0.0.1:" + redis.port()}))) {
            for (int i = 0; i < limit; i++) {
                HttpResponse<String> passed = Fixtures.get(CLIENT, gateway.uri("/get"));
                assertThat(passed.statusCode()).as("request %d", i + 1).isEqualTo(200);
                assertThat(passed.headers().firstValue("x-ratelimit-limit")).hasValue(Integer.toString(limit));
                assertThat(passed.headers().firstValue("x-ratelimit-remaining"))
                        .hasValue(Integer.toString(limit - 1 - i));
            }
            HttpResponse<String> rejected = Fixtures.get(CLIENT, gateway.uri("/get"));

            assertThat(rejected.statusCode()).isEqualTo(429);
            assertThat(rejected.body()).isEqualTo("Too many requests");
            assertThat(rejected.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
            assertThat(rejected.headers().firstValue("retry-after")).isPresent();
            assertThat(httpbin.requests()).isEqualTo(limit);
            try (RedisConnection admin = redis.connect()) {
                String count = Integer.toString(limit + 1);
                assertThat(admin.command("get", counter)).isEqualTo("$" + count.length() + "\r\n" + count + "\r\n");
            }
        }
    }

    @Test
    void everyTokenPluginConfigurationInTheWasmPluginResourceLoads() {
        try (PluginInstance plugin = instance("token-plugin")) {
            assertThat(plugin.start()).as("%s", plugin.logRecords()).isTrue();
            assertThat(plugin.logs(LogLevel.ERROR)).isEmpty();
        }
    }

    @Test
    void everyRateLimitConfigurationInTheWasmPluginResourceLoadsWithItsRedisCluster() {
        String cluster = "outbound|6379||redis.default.svc.cluster.local";
        try (PluginInstance plugin = instance("ratelimit-plugin", cluster)) {
            assertThat(plugin.start()).as("%s", plugin.logRecords()).isTrue();

            assertThat(plugin.logs(LogLevel.ERROR)).isEmpty();
            // defaultConfig and the two rules: each has its own client, db=1 for the Ingress rule.
            assertThat(plugin.redisInits()).extracting(RedisInit::cluster).hasSize(3)
                    .allMatch(name -> name.startsWith(cluster + "?"))
                    .anyMatch(name -> name.startsWith(cluster + "?db=1&"));
        }
    }

    /**
     * The compiled plugin on the devserver's own host (the host module, as {@link PluginVm} runs it), with the
     * WasmPlugin resource's configuration as Higress hands it to the plugin: {@code defaultConfig}, plus one {@code _rules_} entry per {@code matchRules} entry ({@code ingress}
     * becomes {@code _match_route_}, {@code domain} {@code _match_domain_}).
     */
    private static PluginInstance instance(String plugin, String... knownClusters) {
        JsonNode spec = DeployFiles.yaml(DeployFiles.dir(plugin).resolve("wasmplugin.yaml")).path("spec");
        ObjectNode config = spec.path("defaultConfig").deepCopy();
        ArrayNode rules = config.putArray("_rules_");
        for (JsonNode matchRule : spec.path("matchRules")) {
            ObjectNode rule = rules.addObject();
            if (matchRule.has("ingress")) {
                rule.set("_match_route_", matchRule.get("ingress"));
            }
            if (matchRule.has("domain")) {
                rule.set("_match_domain_", matchRule.get("domain"));
            }
            rule.setAll((ObjectNode) matchRule.get("config"));
        }
        HostEmulator host = new HostEmulator(HostOptions.TEST);
        if (knownClusters.length > 0) {
            host.setKnownClusters(List.of(knownClusters));
        }
        return new PluginInstance(WasmEngine.factory(Fixtures.module(plugin), Fixtures.engine()), host,
                PluginConfigs.toJson(config).getBytes(StandardCharsets.UTF_8));
    }

    private static String upstreamHeader(HttpResponse<String> response, String name) throws IOException {
        return PluginConfigs.JSON.readTree(response.body()).path("headers").path(name).asText();
    }

    /**
     * Answers like {@code hashicorp/http-echo -text=...}: every request gets 200, the text and a newline, as
     * {@code text/plain; charset=utf-8} with the {@code X-App-*} headers.
     */
    static final class HttpEchoLookalike implements AutoCloseable {
        private final HttpServer server;
        private final byte[] body;
        private final AtomicInteger requests = new AtomicInteger();
        private volatile String lastPath;

        private HttpEchoLookalike(HttpServer server, String text) {
            this.server = server;
            this.body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        }

        static HttpEchoLookalike start(String text) {
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            HttpEchoLookalike echo = new HttpEchoLookalike(server, text);
            server.createContext("/", echo::handle);
            server.start();
            return echo;
        }

        private void handle(HttpExchange exchange) throws IOException {
            requests.incrementAndGet();
            lastPath = exchange.getRequestURI().getPath();
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().add("X-App-Name", "http-echo");
            exchange.getResponseHeaders().add("X-App-Version", "1.0.0");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        int port() {
            return server.getAddress().getPort();
        }

        int requests() {
            return requests.get();
        }

        String lastPath() {
            return lastPath;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
