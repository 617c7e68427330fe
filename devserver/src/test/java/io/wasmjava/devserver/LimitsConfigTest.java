package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.devserver.GatewayConfig.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The listener limits from envoy.yaml (Envoy's field names) and from flags. */
class LimitsConfigTest {
    private static final String MANAGER_PATH = "static_resources.listeners[0].filter_chains[0]"
            + ".filters[http_connection_manager].typed_config";

    @TempDir
    Path dir;

    /** A minimal envoy.yaml: one listener with {@code listenerExtra} and {@code managerExtra} lines, no plugins. */
    private Path envoyYaml(String listenerExtra, String managerExtra) throws IOException {
        Path file = dir.resolve("envoy.yaml");
        Files.writeString(file, String.join("\n",
                "static_resources:",
                "  listeners:",
                "    - name: listener_0",
                "      address: {socket_address: {address: 127.0.0.1, port_value: 10000}}",
                listenerExtra,
                "      filter_chains:",
                "        - filters:",
                "            - name: envoy.filters.network.http_connection_manager",
                "              typed_config:",
                "                stat_prefix: ingress_http",
                managerExtra,
                "                route_config:",
                "                  virtual_hosts:",
                "                    - domains: [\"*\"]",
                "                      routes:",
                "                        - match: {prefix: /}",
                "                          direct_response: {status: 200}",
                ""));
        return file;
    }

    @Test
    void withoutLimitFieldsTheDefaultsApply() throws IOException {
        GatewayConfig config = EnvoyConfig.parse(envoyYaml("", "")).builder().build();

        assertThat(config.limits()).isEqualTo(Limits.DEFAULTS);
        assertThat(Limits.DEFAULTS).isEqualTo(new Limits(60, 100, Duration.ofSeconds(10), Duration.ofMinutes(5),
                Duration.ofHours(1), 1048576, false, 1024));
    }

    @Test
    void readsEnvoysLimitFields() throws IOException {
        Path file = envoyYaml("      per_connection_buffer_limit_bytes: 32768",
                String.join("\n",
                        "                max_request_headers_kb: 96",
                        "                request_headers_timeout: 2s",
                        "                stream_idle_timeout: 0.5s",
                        "                common_http_protocol_options:",
                        "                  idle_timeout: 60s",
                        "                  max_headers_count: {value: 50}",
                        "                http_protocol_options:",
                        "                  accept_http_10: true"));

        GatewayConfig config = EnvoyConfig.parse(file).builder().build();

        assertThat(config.limits()).isEqualTo(new Limits(96, 50, Duration.ofSeconds(2), Duration.ofMillis(500),
                Duration.ofSeconds(60), 32768, true, 1024));
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of("max_request_headers_kb: 9000",
                        "max_request_headers_kb: expected an integer from 1 to 8192 but was 9000"),
                Arguments.of("stream_idle_timeout: soon",
                        "stream_idle_timeout: expected a duration such as 15s or 0.25s but was \"soon\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFields")
    void badFieldNamesTheFieldAndTheFile(String field, String error) throws IOException {
        Path file = envoyYaml("", "                " + field);

        assertThatThrownBy(() -> EnvoyConfig.parse(file)).hasMessage(file + ": " + MANAGER_PATH + "." + error);
    }

    @Test
    void flagsOverrideTheFile() throws IOException {
        Path file = envoyYaml("", "                max_request_headers_kb: 96");

        GatewayConfig config = Main.parseRun(new String[] {file.toString(), "--max-request-headers-kb", "8",
            "--max-headers-count", "20", "--request-headers-timeout", "0", "--stream-idle-timeout", "250ms",
            "--idle-timeout", "30s", "--buffer-limit-bytes", "4096", "--accept-http-10", "--max-connections", "7"});

        assertThat(config.limits()).isEqualTo(new Limits(8, 20, Duration.ZERO, Duration.ofMillis(250),
                Duration.ofSeconds(30), 4096, true, 7));
    }

    @Test
    void badFlagValueIsExplained() throws IOException {
        Path file = envoyYaml("", "");

        assertThatThrownBy(() -> Main.parseRun(new String[] {file.toString(), "--max-headers-count", "0"}))
                .hasMessage("max_headers_count must be at least 1 but was 0");
    }
}
