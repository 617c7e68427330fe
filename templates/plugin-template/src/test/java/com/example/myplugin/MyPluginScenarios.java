package com.example.myplugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import org.junit.jupiter.api.Test;

/**
 * What the plugin does, written once: {@link MyPluginTest} runs it on the JVM, {@link MyPluginWasmIT} against the
 * compiled {@code target/main.wasm}.
 */
abstract class MyPluginScenarios extends PluginScenarios {
    private static final Headers REQUEST = Headers.of(
            ":authority", "example.com", ":method", "GET", ":path", "/", ":scheme", "http");

    @Test
    void setsTheConfiguredHeader() {
        HttpStream stream = start("{\"headerName\": \"x-greeting\", \"headerValue\": \"hello\"}").newStream();

        assertThat(stream.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.CONTINUE);

        assertThat(stream.requestHeaders()).isEqualTo(REQUEST.newBuilder().add("x-greeting", "hello").build());
        assertThat(stream.localResponse()).isNull();
    }

    @Test
    void replacesTheClientsOwnCopy() {
        HttpStream stream = start("{\"headerValue\": \"hello\"}").newStream();

        stream.requestHeaders(REQUEST.newBuilder().add("x-my-plugin", "spoofed").build(), true);

        assertThat(stream.requestHeaders()).isEqualTo(REQUEST.newBuilder().add("x-my-plugin", "hello").build());
    }

    @Test
    void usesTheRuleOfTheMatchingRoute() {
        PluginHarness harness = start("{\"headerValue\": \"global\", "
                + "\"_rules_\": [{\"_match_route_\": [\"route-a\"], \"headerValue\": \"for-route-a\"}]}");
        HttpStream onRouteA = harness.newStream().property("route_name", "route-a");
        HttpStream elsewhere = harness.newStream();

        onRouteA.requestHeaders(REQUEST, true);
        elsewhere.requestHeaders(REQUEST, true);

        assertThat(onRouteA.requestHeaders().value("x-my-plugin")).isEqualTo("for-route-a");
        assertThat(elsewhere.requestHeaders().value("x-my-plugin")).isEqualTo("global");
    }

    @Test
    void rejectsAConfigurationWithoutHeaderValue() {
        PluginHarness harness = track(harness().config("{\"headerName\": \"x-greeting\"}").build());

        assertThat(harness.start()).isFalse();

        assertThat(harness.logs(LogLevel.ERROR)).anySatisfy(line -> assertThat(line)
                .contains("headerValue").contains("required but missing"));
    }
}
