package io.wasmjava.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import org.junit.jupiter.api.Test;

/** The hello plugin's behaviour; {@link HelloPluginTest} runs it on the JVM, {@link HelloPluginWasmIT} as Wasm. */
abstract class HelloPluginScenarios extends PluginScenarios {
    private static final Headers REQUEST = Headers.of(
            ":authority", "example.com", ":method", "GET", ":path", "/hello", ":scheme", "http",
            "x-request-id", "req-1");

    private static Headers withHello(Headers headers) {
        return headers.newBuilder().add("hello", "world").build();
    }

    @Test
    void addsHelloWorldToEveryRequest() {
        HttpStream stream = start("{}").newStream();

        assertThat(stream.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.CONTINUE);

        assertThat(stream.requestHeaders()).isEqualTo(withHello(REQUEST));
        assertThat(stream.localResponse()).isNull();
        stream.complete();
    }

    @Test
    void answersItselfWhenMockIsEnabled() {
        HttpStream stream = start("{\"mockEnable\": true}").newStream();

        assertThat(stream.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.CONTINUE);

        assertThat(stream.localResponse()).isEqualTo(LocalResponse.of(200, Headers.empty(), "hello world"));
        assertThat(stream.localResponses()).hasSize(1);
        assertThat(stream.requestHeaders()).isEqualTo(withHello(REQUEST));
    }

    @Test
    void passesResponsesThroughUntouched() {
        HttpStream stream = start("{}").newStream();
        stream.requestHeaders(REQUEST, false);
        stream.requestBody("ping", true);
        Headers response = Headers.of(":status", "200", "content-type", "text/plain");

        assertThat(stream.responseHeaders(response, false)).isEqualTo(HeaderStatus.CONTINUE);

        assertThat(stream.responseBody("pong", true)).isEqualTo(DataStatus.CONTINUE);
        assertThat(stream.responseHeaders()).isEqualTo(response);
        assertThat(stream.requestBodyText()).isEqualTo("ping");
        assertThat(stream.responseBodyText()).isEqualTo("pong");
        stream.complete();
    }

    @Test
    void mocksOnlyTheRouteItsRuleMatches() {
        PluginHarness harness = start("{\"mockEnable\": false, "
                + "\"_rules_\": [{\"_match_route_\": [\"route-mock\"], \"mockEnable\": true}]}");
        HttpStream mocked = harness.newStream().property("route_name", "route-mock");
        HttpStream other = harness.newStream();

        mocked.requestHeaders(REQUEST, true);
        other.requestHeaders(REQUEST, true);

        assertThat(mocked.localResponse()).isEqualTo(LocalResponse.of(200, Headers.empty(), "hello world"));
        assertThat(other.localResponse()).isNull();
        assertThat(other.requestHeaders()).isEqualTo(withHello(REQUEST));
    }

    @Test
    void leavesRequestsAloneOnRoutesWithoutRuleOrGlobalConfig() {
        PluginHarness harness = start("{\"_rules_\": [{\"_match_route_\": [\"route-mock\"], \"mockEnable\": true}]}");
        HttpStream other = harness.newStream().property("route_name", "route-plain");

        assertThat(other.requestHeaders(REQUEST, true)).isEqualTo(HeaderStatus.CONTINUE);

        assertThat(other.requestHeaders()).isEqualTo(REQUEST);
        assertThat(other.localResponse()).isNull();
    }

    @Test
    void rejectsAMockEnableThatIsNotABoolean() {
        PluginHarness harness = track(harness().config("{\"mockEnable\": \"yes\"}").build());

        assertThat(harness.start()).isFalse();

        assertThat(harness.logs(LogLevel.ERROR)).hasSize(2);
        assertThat(harness.logs(LogLevel.ERROR).get(0))
                .startsWith("[hello-plugin] [nil] [nil] ")
                .contains("mockEnable")
                .contains("expected boolean but was string");
        assertThat(harness.logs(LogLevel.ERROR).get(1)).isEqualTo("[hello-plugin] [nil] [nil] plugin start failed");
        assertThat(harness.logs(LogLevel.INFO)).isEmpty();
    }

    @Test
    void startsWithAnEmptyConfiguration() {
        PluginHarness harness = start("");
        HttpStream stream = harness.newStream();

        stream.requestHeaders(REQUEST, true);

        assertThat(stream.requestHeaders()).isEqualTo(withHello(REQUEST));
        assertThat(harness.logs(LogLevel.WARN))
                .containsExactly("[hello-plugin] [nil] [nil] config is empty, but has ParseConfigFunc");
    }

    @Test
    void logsItsStartWithTheHigressPrefix() {
        PluginHarness harness = start("{}");

        assertThat(harness.logs(LogLevel.INFO)).containsExactly("[hello-plugin] [nil] [nil] plugin start successfully");
    }

    @Test
    void putsThePluginIdIntoTheLogPrefix() {
        PluginHarness harness = start("{\"_plugin_id_\": \"hello-1\"}");

        assertThat(harness.logs(LogLevel.INFO))
                .containsExactly("[hello-plugin] [hello-1] [nil] plugin start successfully");
    }

    @Test
    void appliesANewConfigurationToLaterRequests() {
        PluginHarness harness = start("{}");
        HttpStream before = harness.newStream();
        before.requestHeaders(REQUEST, true);

        assertThat(harness.configure("{\"mockEnable\": true}")).isTrue();
        HttpStream after = harness.newStream();
        after.requestHeaders(REQUEST, true);

        assertThat(before.localResponse()).isNull();
        assertThat(after.localResponse()).isEqualTo(LocalResponse.of(200, Headers.empty(), "hello world"));
    }

    @Test
    void keepsTheOldConfigurationWhenANewOneIsInvalid() {
        PluginHarness harness = start("{\"mockEnable\": true}");

        assertThat(harness.configure("{\"mockEnable\": 1}")).isFalse();
        HttpStream stream = harness.newStream();
        stream.requestHeaders(REQUEST, true);

        assertThat(stream.localResponse()).isEqualTo(LocalResponse.of(200, Headers.empty(), "hello world"));
    }

    @Test
    void lowerCasesHeaderNamesAsEnvoyDoes() {
        HttpStream stream = start("{}").newStream();

        stream.requestHeaders(Headers.of(":path", "/", "X-Trace", "A"), true);

        assertThat(stream.requestHeaders()).isEqualTo(Headers.of(":path", "/", "x-trace", "A", "hello", "world"));
    }

    @Test
    void carriesLargeManyAndNonAsciiHeaderValuesIntact() {
        HttpStream stream = start("{}").newStream();
        Headers.Builder builder = new Headers.Builder().add(":path", "/").add("x-big", "b".repeat(64 * 1024))
                .add("x-utf8", "grüße, 世界 🌍");
        for (int i = 0; i < 300; i++) {
            builder.add("x-h" + i, "v" + i);
        }
        Headers request = builder.build();

        stream.requestHeaders(request, true);

        assertThat(stream.requestHeaders()).isEqualTo(withHello(request));
    }

    @Test
    void servesManyStreamsInterleaved() {
        PluginHarness harness = start("{}");
        HttpStream first = harness.newStream();
        HttpStream second = harness.newStream();

        first.requestHeaders(REQUEST, false);
        second.requestHeaders(Headers.of(":path", "/two"), true);
        first.requestBody("body", true);
        second.complete();
        first.complete();

        assertThat(first.requestHeaders()).isEqualTo(withHello(REQUEST));
        assertThat(second.requestHeaders()).isEqualTo(Headers.of(":path", "/two", "hello", "world"));
        assertThat(harness.host().problems()).isEmpty();
    }
}
