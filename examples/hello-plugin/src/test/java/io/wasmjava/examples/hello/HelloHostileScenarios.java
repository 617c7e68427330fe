package io.wasmjava.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.host.HttpStream;
import io.wasmjava.testkit.HostileInputs.Input;
import io.wasmjava.testkit.HostileInputs;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDK's own paths under hostile input, through the smallest plugin: configuration parsing with per-rule
 * configuration ({@code _rules_}), and request headers of every odd shape and size. Bounded time, no trap, a clear
 * outcome, no uncaught exception. {@link HelloHostileTest} on the JVM, {@link HelloHostileWasmIT} as Wasm.
 */
abstract class HelloHostileScenarios extends PluginScenarios {
    private static final String RULES = "{\"mockEnable\": false, \"_rules_\": ["
            + "{\"_match_route_\": [\"route-a\", \"route-b\"], \"mockEnable\": true},"
            + "{\"_match_domain_\": [\"*.example.com\", \"api.test:8080\"], \"mockEnable\": true},"
            + "{\"_match_route_prefix_\": [\"api-\"], \"mockEnable\": false},"
            + "{\"_match_service_\": [\"svc.default.svc.cluster.local:80\"], \"mockEnable\": true}]}";

    static Stream<Input<byte[]>> configurations() {
        return Stream.concat(HostileInputs.configurations().stream(), HostileInputs.mutationsOf(RULES, 80).stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void aHostileConfigurationLoadsOrFailsWithAReason(Input<byte[]> config) {
        configuresOrRefuses(config.value(), harness -> {
            HttpStream stream = harness.newStream().property("route_name", "route-a");
            assertThat(stream.requestHeaders(Headers.of(":authority", "www.example.com", ":method", "GET",
                    ":path", "/", ":scheme", "http"), true)).isEqualTo(HeaderStatus.CONTINUE);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.testkit.HostileInputs#headerValues")
    void aHostileValueInTheHeadersTheSdkReadsGetsAnOutcome(Input<String> value) {
        hostile(() -> {
            PluginHarness harness = start(RULES);
            HttpStream stream = harness.newStream().property("route_name", value.value());
            // unchecked: Envoy's codecs refuse some of these; the SDK must survive them anyway.
            Headers headers = Headers.unchecked(":authority", value.value(), ":method", value.value(),
                    ":path", value.value(), ":scheme", value.value(), "x-request-id", value.value(),
                    "content-type", value.value(), "connection", value.value(), "upgrade", value.value());

            assertThat(stream.requestHeaders(headers, false)).isEqualTo(HeaderStatus.CONTINUE);
            stream.requestBody(value.value(), true);
            stream.complete();
        });
    }
}
