package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.LogLevel;
import io.wasmjava.host.WasmEngine;
import io.wasmjava.host.WasmExecution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/** Shared pieces of the devserver tests: the plugin modules, a client, a gateway with a captured log. */
final class Fixtures {
    static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private Fixtures() {
    }

    /** {@code <module>/target/main.wasm} of a sibling module (Maven runs tests in devserver/). */
    static Path module(String module) {
        return built(Path.of("..").resolve(module).resolve("target").resolve("main.wasm"));
    }

    /** The interop module's phase-matrix plugin ({@code io.wasmjava.interop.phases.PhaseMatrixPlugin}). */
    static Path phaseMatrix() {
        return interop("phase-matrix.wasm");
    }

    /**
     * The interop module's attrs plugin ({@code io.wasmjava.interop.attrs.AttrsPlugin}), built with every VM
     * lifecycle option: it asks for a VM rebuild every {@code AttrsPlugin.REBUILD_AFTER_REQUESTS} requests.
     */
    static Path attrs() {
        return interop("attrs.wasm");
    }

    private static Path interop(String file) {
        return built(Path.of("..", "interop", "target", file));
    }

    /** {@code file} made absolute; throws {@link IllegalStateException} if the build has not written it. */
    private static Path built(Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " is missing: build the plugins first (mvn -pl devserver -am verify)");
        }
        return path;
    }

    static Path hello() {
        return module("examples/hello-plugin");
    }

    /** The hand-written module that traps on requests with more than 15 headers. */
    static Path trapModule() {
        try {
            return Path.of(Fixtures.class.getResource("trap-on-many-headers.wasm").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static HttpResponse<String> get(HttpClient client, URI uri) {
        return send(client, HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build());
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The engine the tests' gateways run plugins on: system property {@code wasmjava.engine} ({@code v8} or
     * {@code chicory}; the build runs the gateway ITs once with each), else the gateway's default.
     */
    static WasmExecution engine() {
        String configured = System.getProperty("wasmjava.engine", "");
        return configured.isEmpty() ? GatewayConfig.DEFAULT_ENGINE : Main.engine(configured);
    }

    /** {@link #engine()} as {@code --engine} names it. */
    static String engineName() {
        return engine() == WasmExecution.V8 ? "v8" : "chicory";
    }

    /**
     * A gateway whose log lines are kept in {@link Running#log}; the calling test is skipped, with the reason, if its
     * engine cannot run on this machine.
     */
    static Running start(GatewayConfig config) {
        return start(config, line -> line);
    }

    /** Like {@link #start(GatewayConfig)}, keeping each log line as {@code decorate} makes it on the logging thread. */
    static Running start(GatewayConfig config, UnaryOperator<String> decorate) {
        Optional<String> unavailable = WasmEngine.unavailable(config.engine());
        Assumptions.assumeTrue(unavailable.isEmpty(), unavailable::get);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        GatewayLog log = new GatewayLog(config.logLevel(), line -> {
            lines.add(decorate.apply(line));
            System.out.println(line);
        });
        return new Running(Gateway.start(config, log), lines);
    }

    record Running(Gateway gateway, ConcurrentLinkedQueue<String> log) implements AutoCloseable {
        URI uri(String path) {
            return URI.create(gateway.uri() + path);
        }

        /** {@code path} on the gateway's admin listener (configured with {@code admin(...)}). */
        URI admin(String path) {
            return URI.create(gateway.adminUri() + path);
        }

        /** The admin listener's {@code /stats}, which must answer 200: stat name to value, in the order listed. */
        Map<String, String> stats(HttpClient client) {
            HttpResponse<String> stats = get(client, admin("/stats"));
            assertThat(stats.statusCode()).as("/stats status").isEqualTo(200);
            return parse(stats.body(), ": ");
        }

        List<String> lines() {
            return List.copyOf(log);
        }

        /**
         * The log lines that {@code match}, once there are at least {@code count} of them, or those there are after
         * 10 s: the gateway logs from its own threads, so a line may follow the response that caused it.
         */
        List<String> awaitLines(Predicate<String> match, int count) throws InterruptedException {
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<String> lines;
            do {
                lines = lines().stream().filter(match).toList();
                if (lines.size() >= count) {
                    return lines;
                }
                Thread.sleep(20);
            } while (System.nanoTime() < deadline);
            return lines;
        }

        @Override
        public void close() {
            gateway.close();
        }
    }

    /** An admin answer's lines {@code name<separator>value}, in order, skipping comments and blank lines. */
    static Map<String, String> parse(String body, String separator) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int at = line.lastIndexOf(separator);
                values.put(line.substring(0, at), line.substring(at + separator.length()));
            }
        }
        return values;
    }

    static GatewayConfig.Builder config() {
        return GatewayConfig.builder().listen(ANY_PORT).engine(engine()).logLevel(LogLevel.INFO);
    }
}
