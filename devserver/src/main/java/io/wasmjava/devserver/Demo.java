package io.wasmjava.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.RedisServerProcess;
import io.wasmjava.host.WasmExecution;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code wasmjava-devserver demo}: the README's first command. Starts, all on loopback, an {@link EchoServer}
 * upstream, a {@link TokenServer}, and Redis ({@link RedisServerProcess}: redis-server from the PATH, else the bundled
 * binary), then a gateway with the rate-limit plugin
 * (Higress {@code cluster-key-rate-limit} configuration, N requests a minute in Redis) and the token plugin (fetches
 * a token from the token service, caches it for its {@code expires_in}, injects {@code Authorization: Bearer ...}),
 * and prints {@code curl} lines that show both. With {@code --check} it sends those requests itself, prints what
 * came back, and exits 0 if the token was injected and the request after the limit got 429.
 */
final class Demo {
    static final int DEFAULT_LIMIT = 5;

    private Demo() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = Main.options(args, "demo", List.of("--check"), "--listen", "--limit",
                "--workers", "--engine", "--log-level", "--token-plugin", "--ratelimit-plugin", "--admin");
        String listen = options.getOrDefault("--listen", "127.0.0.1:10000");
        int limit = Main.integer(options.getOrDefault("--limit", Integer.toString(DEFAULT_LIMIT)), "--limit");
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1");
        }
        int workers = Main.integer(options.getOrDefault("--workers", Integer.toString(GatewayConfig.DEFAULT_WORKERS)),
                "--workers");
        LogLevel level = GatewayLog.parseLevel(options.getOrDefault("--log-level", "info"));
        WasmExecution engine = options.containsKey("--engine") ? Main.engine(options.get("--engine")) : null;
        boolean check = options.containsKey("--check");
        Path tokenWasm = options.containsKey("--token-plugin") ? Path.of(options.get("--token-plugin"))
                : findModule("token-plugin");
        Path rateLimitWasm = options.containsKey("--ratelimit-plugin") ? Path.of(options.get("--ratelimit-plugin"))
                : findModule("ratelimit-plugin");
        InetSocketAddress listenAddress = Main.bindAddress(listen);
        // Any free port unless given: the demo always shows its metrics, and never fights over Envoy's 9901.
        InetSocketAddress adminAddress = Main.bindAddress(options.getOrDefault("--admin", "127.0.0.1:0"));

        List<AutoCloseable> started = new ArrayList<>();
        try {
            RedisServerProcess redis = RedisServerProcess.start();
            started.add(0, redis);
            EchoServer echo = EchoServer.start(0);
            started.add(0, echo);
            TokenServer tokens = TokenServer.start(0);
            started.add(0, tokens);
            GatewayConfig.Builder builder = GatewayConfig.builder()
                    .listen(listenAddress)
                    .plugin(new GatewayConfig.PluginSpec("ratelimit-plugin", rateLimitWasm, rateLimitConfig(limit), ""))
                    .plugin(new GatewayConfig.PluginSpec("token-plugin", tokenWasm, TOKEN_CONFIG, ""))
                    .upstream(echo.uri())
                    .cluster("token.static", "127.0.0.1", tokens.port())
                    .cluster("redis.static", "127.0.0.1", redis.port())
                    .workers(workers)
                    .logLevel(level)
                    .admin(adminAddress);
            if (engine != null) {
                builder.engine(engine);
            }
            GatewayConfig config = builder.build();
            Gateway gateway = Gateway.start(config, GatewayLog.printingTo(err, level));
            started.add(0, gateway);
            String url = gateway.uri() + "/hello";
            out.println();
            out.println("wasm-java devserver demo: the token plugin and the rate-limit plugin, no Docker");
            out.println("  gateway        " + gateway.uri() + "   ratelimit-plugin (" + limit
                    + " requests/minute) -> token-plugin -> echo upstream");
            out.println("  upstream       " + echo.uri() + "   answers with the request it got, as JSON");
            out.println("  token service  http://127.0.0.1:" + tokens.port() + "/token   as outbound|80||token.static");
            out.println("  redis          127.0.0.1:" + redis.port() + " (" + redis.executable() + ")   as outbound|6379||redis.static");
            out.println("  admin          " + gateway.adminUri() + "/stats   both plugins' metrics (also /stats/prometheus)");
            out.println();
            out.println("Try it:");
            out.println("  # the token plugin fetched a token and injected it: see \"authorization\" in the echo");
            out.println("  curl -s " + url);
            out.println("  # " + limit + " requests a minute pass (the curl above was one), then 429 with x-ratelimit-*"
                    + " and retry-after headers");
            out.println("  for i in $(seq 1 " + limit + "); do curl -s -o /dev/null -w '%{http_code}\\n' "
                    + url + "; done");
            out.println("  curl -si " + url);
            out.println("  # the plugins' metrics, summed over the workers: ratelimit_allowed, ratelimit_rejected, token_*");
            out.println("  curl -s " + gateway.adminUri() + "/stats");
            out.println();
            if (check) {
                return check(URI.create(url), limit, out) ? 0 : 1;
            }
            out.println("Ctrl-C stops it all.");
            out.flush();
            Main.awaitShutdown(() -> closeAll(started));
            return 0;
        } finally {
            if (check) {
                closeAll(started);
            }
        }
    }

    static final String TOKEN_CONFIG = "{\"serviceName\":\"token.static\",\"servicePort\":80,\"requestPath\":\"/token\","
            + "\"tokenJsonPath\":\"data.access_token\",\"expiresInJsonPath\":\"expires_in\","
            + "\"injectHeader\":\"authorization\",\"injectFormat\":\"Bearer {token}\"}";

    static String rateLimitConfig(int limit) {
        return "{\"rule_name\":\"demo-limit\",\"global_threshold\":{\"query_per_minute\":" + limit + "},"
                + "\"redis\":{\"service_name\":\"redis.static\",\"service_port\":6379},"
                + "\"show_limit_quota_header\":true,\"retry_after_header\":true}";
    }

    /** Sends the curl lines' requests and reports; true if the token was injected and the limit enforced. */
    private static boolean check(URI url, int limit, PrintStream out) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> first = send(client, url);
            JsonNode echo = PluginConfigs.JSON.readTree(first.body());
            String authorization = echo.path("headers").path("authorization").asText("");
            out.println("$ curl -s " + url);
            out.println("  " + first.statusCode() + ", upstream saw authorization: " + authorization);
            boolean injected = first.statusCode() == 200 && authorization.startsWith("Bearer demo-token-");
            List<Integer> statuses = new ArrayList<>();
            statuses.add(first.statusCode());
            HttpResponse<String> last = first;
            for (int i = 1; i <= limit; i++) {
                last = send(client, url);
                statuses.add(last.statusCode());
            }
            out.println("$ for i in $(seq 1 " + (limit + 1) + "); do curl ...; done   (the first request above counts)");
            out.println("  " + statuses);
            out.println("  last response: " + last.statusCode() + " " + last.headers().map());
            boolean limited = statuses.subList(0, limit).stream().allMatch(status -> status == 200)
                    && last.statusCode() == 429 && last.headers().firstValue("retry-after").isPresent();
            out.println(injected && limited ? "demo check passed" : "demo check FAILED");
            return injected && limited;
        } catch (IOException | InterruptedException e) {
            out.println("demo check FAILED: " + e);
            return false;
        }
    }

    private static HttpResponse<String> send(HttpClient client, URI url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Finds {@code <module>/target/main.wasm} in the working directory or above it, or next to the jar this runs
     * from ({@code devserver/target/*.jar}).
     *
     * @throws IllegalStateException with the command that builds it if it is nowhere
     */
    static Path findModule(String module) {
        List<Path> roots = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            roots.add(dir);
        }
        try {
            Path jar = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                roots.add(dir);
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Only the working directory then.
        }
        for (Path root : roots) {
            Path candidate = root.resolve(module).resolve("target").resolve("main.wasm");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(module + "/target/main.wasm not found from " + Path.of("").toAbsolutePath()
                + "; build it first: mvn -B -q install -DskipTests (from the repository root)");
    }

    private static void closeAll(List<AutoCloseable> started) {
        for (AutoCloseable closeable : started) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing the rest anyway.
            }
        }
        started.clear();
    }
}
