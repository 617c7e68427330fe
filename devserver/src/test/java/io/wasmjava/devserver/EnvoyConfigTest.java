package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.wasmjava.devserver.GatewayConfig.ClusterAddress;
import io.wasmjava.devserver.GatewayConfig.PluginSpec;
import io.wasmjava.devserver.GatewayConfig.Route;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A seed-style envoy.yaml (with its docker-compose.yaml) read as is, then served. */
class EnvoyConfigTest {
    @TempDir
    Path dir;
    Path envoyYaml;

    @BeforeEach
    void layOutTheSeedDirectory() throws IOException {
        envoyYaml = dir.resolve("envoy.yaml");
        copy("envoy-seed.yaml", envoyYaml);
        copy("docker-compose-seed.yaml", dir.resolve("docker-compose.yaml"));
        Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Fixtures.hello(), dir.resolve("plugins/hello.wasm"));
        Files.copy(Fixtures.module("token-plugin"), dir.resolve("plugins/token.wasm"));
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = EnvoyConfigTest.class.getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
    }

    @Test
    void readsListenerFiltersRoutesAndClusters() throws IOException {
        EnvoyConfig.Parsed parsed = EnvoyConfig.parse(envoyYaml);
        GatewayConfig config = parsed.builder().build();

        assertThat(config.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 10000));
        assertThat(config.plugins()).extracting(PluginSpec::name).containsExactly("wasmdemo", "token");
        PluginSpec hello = config.plugins().get(0);
        assertThat(hello.wasm()).isEqualTo(dir.resolve("plugins/hello.wasm").toAbsolutePath().normalize());
        assertThat(PluginConfigs.JSON.readTree(hello.configuration()))
                .isEqualTo(PluginConfigs.JSON.readTree("{\"mockEnable\": false}"));
        // The token plugin's configuration is YAML in the file; the plugin gets JSON.
        JsonNode token = PluginConfigs.JSON.readTree(config.plugins().get(1).configuration());
        assertThat(token).isEqualTo(PluginConfigs.JSON.readTree("{\"serviceName\":\"token.static\",\"servicePort\":80,"
                + "\"requestPath\":\"/token\",\"tokenHeader\":\"x-token\"}"));
        assertThat(config.routes()).hasSize(1);
        Route route = config.routes().get(0);
        assertThat(route.cluster()).isEqualTo("httpbin");
        assertThat(route.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(route.matches("localhost:10000", "/get?x=1")).isTrue();
        assertThat(config.clusters()).containsEntry("httpbin", new ClusterAddress("httpbin", 80, false))
                .containsEntry("outbound|80||token.static", new ClusterAddress("token-service", 8080, false));
        assertThat(parsed.warnings()).isEmpty();
    }

    @Test
    void warnsThatAnotherRuntimeThanV8RunsOnTheGatewaysEngine() throws IOException {
        // The seed names envoy.wasm.runtime.v8 for both plugins (no warning above); Envoy also knows wamr and others.
        Files.writeString(envoyYaml, Files.readString(envoyYaml).replaceFirst("envoy\\.wasm\\.runtime\\.v8",
                "envoy.wasm.runtime.wamr"));

        EnvoyConfig.Parsed parsed = EnvoyConfig.parse(envoyYaml);

        assertThat(parsed.warnings()).singleElement().asString()
                .endsWith(".config.vm_config.runtime: envoy.wasm.runtime.wamr is not available here; the plugin "
                        + "runs on the gateway's engine (--engine v8|chicory, default v8)");
    }

    @Test
    void servesTheSeedWithClustersPointedAtLocalServices() throws IOException {
        try (EchoServer echo = EchoServer.start(0);
                TokenServer tokens = TokenServer.start(0);
                Fixtures.Running running = Fixtures.start(Main.parseRun(new String[] {envoyYaml.toString(),
                    "--listen", "127.0.0.1:0",
                    "--cluster", "httpbin=127.0.0.1:" + echo.port(),
                    "--cluster", "outbound|80||token.static=127.0.0.1:" + tokens.port(),
                    "--workers", "1"}))) {
            HttpResponse<String> response = Fixtures.get(Fixtures.client(), running.uri("/get"));

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode headers = PluginConfigs.JSON.readTree(response.body()).path("headers");
            assertThat(headers.path("hello").asText()).isEqualTo("world");
            assertThat(headers.path("x-token").asText()).startsWith("demo-token-");
        }
    }

    @Test
    void aMissingModuleNamesThePathsTried() throws IOException {
        Files.delete(dir.resolve("plugins/token.wasm"));

        assertThatThrownBy(() -> EnvoyConfig.parse(envoyYaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vm_config.code.local.filename")
                .hasMessageContaining("/etc/envoy/token.wasm not found")
                .hasMessageContaining(dir.resolve("plugins/token.wasm").toString());
    }

    @Test
    void durationsAreProtobufJson() {
        assertThat(EnvoyConfig.duration("15s", "t")).isEqualTo(Duration.ofSeconds(15));
        assertThat(EnvoyConfig.duration("0.25s", "t")).isEqualTo(Duration.ofMillis(250));
        assertThat(EnvoyConfig.duration("100ms", "t")).isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> EnvoyConfig.duration("soon", "route.timeout"))
                .hasMessage("route.timeout: expected a duration such as 15s or 0.25s but was \"soon\"");
    }

    @Test
    @Timeout(10)
    void clusterNamesResolveExactlyOrByHigressFqdn() {
        ClusterTable table = ClusterTable.of(java.util.Map.of(
                "token.static", new ClusterAddress("127.0.0.1", 9000, false),
                "outbound|6379||redis.static", new ClusterAddress("127.0.0.1", 6380, false),
                "httpbin", new ClusterAddress("httpbin", 80, false)));

        assertThat(table.resolve("outbound|80||token.static")).isEqualTo(new ClusterAddress("127.0.0.1", 9000, false));
        assertThat(table.resolve("outbound|8080|v1|token.static").port()).isEqualTo(9000);
        assertThat(table.resolve("outbound|6379||redis.static?db=1&buffer_flush_timeout=3").port()).isEqualTo(6380);
        assertThat(table.resolve("outbound|6380||redis.static")).isNull();
        assertThat(table.resolve("httpbin").host()).isEqualTo("httpbin");
        assertThat(table.resolve("outbound|80||other.dns")).isNull();
        assertThat(table.resolve("inbound|80||token.static")).isNull();
    }

    @Test
    void yamlPluginConfigurationBecomesJsonAndJsonPassesUnchanged() {
        assertThat(PluginConfigs.toJson("rule_name: a\nglobal_threshold:\n  query_per_minute: 5\n"))
                .isEqualTo("{\"rule_name\":\"a\",\"global_threshold\":{\"query_per_minute\":5}}");
        assertThat(PluginConfigs.toJson("{ \"a\" : 1 }")).isEqualTo("{ \"a\" : 1 }");
        assertThat(PluginConfigs.toJson("  \n")).isEmpty();
        assertThatThrownBy(() -> PluginConfigs.toJson("- a\n- b\n")).hasMessageContaining("must be a mapping");
    }
}
