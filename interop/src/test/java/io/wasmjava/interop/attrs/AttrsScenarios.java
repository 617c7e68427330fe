package io.wasmjava.interop.attrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.config.Json;
import io.wasmjava.core.config.JsonValue;
import io.wasmjava.host.HttpStream;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * User attributes and their access-log and trace writers, typed request and plugin properties, foreign functions,
 * the VM lifecycle options and log templates, through {@link AttrsPlugin}. The access-log vectors are those of
 * {@code /work/shared/docs/proxy-wasm-state.md} §3.4, derived from higress-group/wasm-go
 * {@code pkg/wrapper/plugin_wrapper.go:823-870} and {@code utils.go:11-37} (Go's {@code encoding/json}); the stored
 * property bytes are written below as Java literals ({@code \\\"} is the two bytes {@code \"}). {@link AttrsTest}
 * runs them on the JVM, {@link AttrsWasmIT} against the compiled module.
 */
abstract class AttrsScenarios extends PluginScenarios {
    private static final Headers REQUEST = Headers.of(":authority", "example.com", ":method", "GET", ":path", "/",
            "x-request-id", "req-1");

    /** A started plugin's stream whose request headers carry {@code extra}; its header status checked. */
    private HttpStream request(PluginHarness harness, Map<String, byte[]> priorProperties, String... extra) {
        HttpStream stream = harness.newStream();
        priorProperties.forEach((name, value) -> stream.property(List.of(name), value));
        Headers.Builder headers = REQUEST.newBuilder();
        for (int i = 0; i < extra.length; i += 2) {
            headers.add(extra[i], extra[i + 1]);
        }
        assertThat(stream.requestHeaders(headers.build(), true)).isEqualTo(HeaderStatus.CONTINUE);
        return stream;
    }

    private HttpStream request(String... extra) {
        return request(start("{}"), Map.of(), extra);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- access log (proxy-wasm-state.md §3.4) ----

    static Stream<Arguments> logVectors() {
        return Stream.of(
                argumentSet("1: no prior value, keys sorted", null,
                        "{\"model\":\"qwen-max\",\"input_token\":21,\"output_token\":17}",
                        "{\\\"input_token\\\":21,\\\"model\\\":\\\"qwen-max\\\",\\\"output_token\\\":17}"),
                argumentSet("2a: merged over the prior value", "{\\\"a\\\":1}", "{\"b\":\"x\"}",
                        "{\\\"a\\\":1,\\\"b\\\":\\\"x\\\"}"),
                argumentSet("2b: an attribute wins over the prior value", "{\\\"a\\\":1}", "{\"a\":\"z\"}",
                        "{\\\"a\\\":\\\"z\\\"}"),
                argumentSet("3: a second plugin's write keeps the first's", "{\\\"a\\\":1}", "{\"b\":2}",
                        "{\\\"a\\\":1,\\\"b\\\":2}"),
                argumentSet("4: HTML characters as Go escapes them", null, "{\"q\":\"a<b&c>\"}",
                        "{\\\"q\\\":\\\"a\\\\u003cb\\\\u0026c\\\\u003e\\\"}"),
                argumentSet("5: quotes and a newline", null, "{\"q\":\"line1\\nsay \\\"hi\\\"\"}",
                        "{\\\"q\\\":\\\"line1\\\\nsay \\\\\\\"hi\\\\\\\"\\\"}"),
                argumentSet("6a: prior numbers are float64", "{\\\"n\\\":9007199254740993}", "{}",
                        "{\\\"n\\\":9007199254740992}"),
                argumentSet("6b: floats as Go writes them", null, "{\"big\":1e21,\"small\":0.0000001,\"f\":1.5,"
                        + "\"three\":3.0,\"neg\":-0.000123,\"tiny\":5e-324}",
                        "{\\\"big\\\":1e+21,\\\"f\\\":1.5,\\\"neg\\\":-0.000123,\\\"small\\\":1e-7,\\\"three\\\":3,"
                        + "\\\"tiny\\\":5e-324}"),
                argumentSet("U+2028, control characters, booleans, null", null,
                        "{\"s\":\"\\u2028\\u0001\\b\\f\\t\",\"t\":true,\"x\":null}",
                        "{\\\"s\\\":\\\"\\\\u2028\\\\u0001\\\\b\\\\f\\\\t\\\",\\\"t\\\":true,\\\"x\\\":null}"),
                argumentSet("nested prior values re-sorted", "{\\\"z\\\":{\\\"b\\\":[1,\\\"x\\\"],\\\"a\\\":null}}",
                        "{\"y\":\"é\"}", "{\\\"y\\\":\\\"é\\\",\\\"z\\\":{\\\"a\\\":null,\\\"b\\\":[1,\\\"x\\\"]}}"));
    }

    @ParameterizedTest
    @MethodSource("logVectors")
    void writesAttributesToTheAccessLogAsHigressDoes(String prior, String attributes, String expected) {
        Map<String, byte[]> priorProperties = new LinkedHashMap<>();
        if (prior != null) {
            priorProperties.put("ai_log", bytes(prior));
        }
        HttpStream stream = request(start("{}"), priorProperties, "x-attrs", attributes, "x-write", "ai_log");

        assertThat(stream.requestHeaders().value("x-written")).isEqualTo("ai_log=true");
        assertThat(stream.propertyText("ai_log")).isEqualTo(expected);
    }

    @Test
    void writesToCustomLogByDefault() {
        HttpStream stream = request("x-attrs", "{\"k\":\"v\"}", "x-write", "custom_log");

        assertThat(stream.requestHeaders().value("x-written")).isEqualTo("custom_log=true");
        assertThat(stream.propertyText("custom_log")).isEqualTo("{\\\"k\\\":\\\"v\\\"}");
        assertThat(stream.propertyText("ai_log")).isNull();
    }

    @Test
    void leavesACorruptPriorValueAsItIsAndSaysSo() {
        PluginHarness harness = start("{}");
        HttpStream stream = request(harness, Map.of("ai_log", bytes("not json")), "x-attrs", "{\"a\":1}",
                "x-write", "ai_log");

        assertThat(stream.requestHeaders().value("x-written")).isEqualTo("ai_log=false");
        assertThat(stream.propertyText("ai_log")).isEqualTo("not json");
        assertThat(harness.logs(LogLevel.WARN)).containsExactly("[attrs] [nil] [req-1] user attributes not written: "
                + "property ai_log holds no escaped JSON object (8 bytes)");
    }

    @Test
    void refusesNumbersGoCannotEncode() {
        HttpStream stream = request("x-attrs", "{\"a\":1e999}", "x-write", "ai_log");

        assertThat(stream.requestHeaders().value("x-written")).isEqualTo("ai_log=false");
        assertThat(stream.propertyText("ai_log")).isNull();
    }

    @Test
    void anAccessLogLineCarriesTheAttributesBack() {
        HttpStream stream = request("x-attrs", "{\"model\":\"qwen-max\",\"input_token\":21,\"output_token\":17}",
                "x-write", "ai_log");
        // Higress's format splices the property into a JSON string: {"ai_log":"%FILTER_STATE(wasm.ai_log:PLAIN)%"}.
        String line = "{\"ai_log\":\"" + stream.propertyText("ai_log") + "\"}";

        JsonValue logged = Json.parse(Json.parse(line).member("ai_log").stringValue());

        assertThat(logged).isEqualTo(Json.parse("{\"input_token\":21,\"model\":\"qwen-max\",\"output_token\":17}"));
    }

    // ---- trace ----

    @Test
    void writesOneSpanTagPerAttributeAsGoPrintsIt() {
        PluginHarness harness = start("{}");
        HttpStream stream = request(harness, Map.of(), "x-attrs", "{\"model\":\"qwen\",\"n\":21,\"f\":1.5,\"b\":true,"
                + "\"x\":null,\"e\":\"\",\"m\":1000000.0,\"u\":0.00001}", "x-write", "trace");

        assertThat(stream.spanTags()).containsExactly(Map.entry("model", "qwen"), Map.entry("n", "21"),
                Map.entry("f", "1.5"), Map.entry("b", "true"), Map.entry("x", "<nil>"), Map.entry("m", "1e+06"),
                Map.entry("u", "1e-05"));
        assertThat(stream.propertyText("trace_span_tag.model")).isNull();
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(
                "[attrs] [nil] [req-1] Failed to set trace attribute - trace_span_tag.e: value is empty");
    }

    // ---- request and plugin properties ----

    @Test
    void readsTypedRequestProperties() {
        PluginHarness harness = start(harness().config("{}").property("plugin_name", "default.attrs")
                .property(List.of("node", "id"), bytes("gateway-1"))
                .property(List.of("node", "metadata", "REGION"), bytes("eu")));
        HttpStream stream = harness.newStream();
        stream.property("route_name", "ai-route").property("cluster_name", "outbound|443||qwen.dns")
                .property(List.of("source", "address"), bytes("10.0.0.1:5000"))
                .property(List.of("destination", "address"), bytes("10.0.0.2:80"));

        stream.requestHeaders(REQUEST.newBuilder().add("x-props", "1").add("x-attrs", "{\"a\":1}").build(), true);

        assertThat(stream.requestHeaders().value("x-props-result")).isEqualTo("route=ai-route cluster=outbound|443||qwen.dns"
                + " id=req-1 source=10.0.0.1:5000 destination=10.0.0.2:80 details=null attrs={a=1}");
        assertThat(stream.requestHeaders().value("x-plugin-props")).isEqualTo(
                "name=default.attrs node=gateway-1 region=eu vm=null; at start: name=default.attrs node=gateway-1"
                + " region=eu vm=null");
    }

    @Test
    void readsTheTestHostsDefaultRouteAndCluster() {
        HttpStream stream = request("x-props", "1");

        assertThat(stream.requestHeaders().value("x-props-result")).isEqualTo("route=test-route-default"
                + " cluster=test-cluster-default id=req-1 source=null destination=null details=null attrs={}");
    }

    // ---- foreign functions ----

    @Test
    void callsAForeignFunctionWithBytesInAndOut() {
        PluginHarness harness = start(harness().foreignFunction("reverse",
                argument -> new StringBuilder(new String(argument, StandardCharsets.UTF_8)).reverse().toString()
                        .getBytes(StandardCharsets.UTF_8)));

        HttpStream stream = request(harness, Map.of(), "x-ff", "reverse", "x-ff-arg", "abc");

        assertThat(stream.requestHeaders().value("x-ff-result")).isEqualTo("ok:cba");
    }

    @Test
    void reportsAForeignFunctionTheHostLacks() {
        HttpStream stream = request("x-ff", "declare_property");

        assertThat(stream.requestHeaders().value("x-ff-result"))
                .isEqualTo("unknown:declare_property");
    }

    // ---- log level through get_log_level, templates, safe-log mode ----

    /** The lines the {@code x-log} step wrote, in order. */
    private static List<String> templateLines(PluginHarness harness) {
        List<String> lines = new ArrayList<>();
        harness.logRecords().forEach(record -> {
            if (record.message().contains(": user") || record.message().contains("unsafe:")
                    || record.message().contains("warn:")) {
                lines.add(record.toString());
            }
        });
        return lines;
    }

    @Test
    void fillsTemplatesMasksSensitiveValuesAndDemotesUnsafeMessagesInSafeLogMode() {
        PluginHarness harness = start("{}");

        request(harness, Map.of(), "x-log", "1");

        assertThat(templateLines(harness)).containsExactly(
                "DEBUG [attrs] [nil] [req-1] debug: user alice token <redacted>",
                "INFO [attrs] [nil] [req-1] info: user alice took 12 ms, token <redacted>",
                "WARN [attrs] [nil] [req-1] warn: 1 of 2 {}",
                "DEBUG [attrs] [nil] [req-1] \nunsafe: body {\"q\":1}");
    }

    @Test
    void takesTheLogLevelFromHigressGetLogLevel() {
        // The host's own level stays TRACE: only get_log_level can drop the debug and info lines.
        PluginHarness harness = start(harness().foreignFunction("get_log_level", argument -> new byte[] {3, 0, 0, 0}));

        request(harness, Map.of(), "x-log", "1");

        assertThat(templateLines(harness)).containsExactly("WARN [attrs] [nil] [req-1] warn: 1 of 2 {}");
    }

    @Test
    void fallsBackToProxyGetLogLevelWithoutGetLogLevel() {
        PluginHarness harness = start(harness().withoutForeignFunction("get_log_level").logLevel(LogLevel.INFO));

        request(harness, Map.of(), "x-log", "1");

        assertThat(templateLines(harness)).containsExactly(
                "INFO [attrs] [nil] [req-1] info: user alice took 12 ms, token <redacted>",
                "WARN [attrs] [nil] [req-1] warn: 1 of 2 {}");
    }

    @Test
    void fallsBackToProxyGetLogLevelForAShortGetLogLevelAnswer() {
        // Go's SDK panics on fewer than 4 bytes; this SDK asks proxy_get_log_level instead.
        PluginHarness harness = start(harness().foreignFunction("get_log_level", argument -> new byte[] {1, 0})
                .logLevel(LogLevel.WARN));

        request(harness, Map.of(), "x-log", "1");

        assertThat(templateLines(harness)).containsExactly("WARN [attrs] [nil] [req-1] warn: 1 of 2 {}");
    }

    // ---- VM lifecycle (proxy-wasm-state.md §8.3) ----

    @Test
    void asksForTheMaxRequestsPerIoCycleAtStart() {
        PluginHarness harness = start("{}");

        assertThat(harness.host().maxRequestsPerIoCycle()).containsExactly(AttrsPlugin.MAX_REQUESTS_PER_IO_CYCLE);
        assertThat(harness.logs(LogLevel.INFO)).contains(
                "[attrs] [nil] [nil] set global max requests per IO cycle to 20");
        assertThat(harness.configure("{}")).isTrue();
        assertThat(harness.host().maxRequestsPerIoCycle()).containsExactly(20L, 20L);
    }

    @Test
    void startsWithAWarningWhereTheHostLacksMaxRequestsPerIoCycle() {
        PluginHarness harness = start(harness().withoutForeignFunction("set_global_max_requests_per_io_cycle"));

        assertThat(harness.logs(LogLevel.WARN)).containsExactly("[attrs] [nil] [nil] set global max requests per IO "
                + "cycle failed: proxy_call_foreign_function: the host has no foreign function "
                + "set_global_max_requests_per_io_cycle");
    }

    @Test
    void asksForARebuildEveryThirdRequest() {
        PluginHarness harness = start("{}");
        List<String> flags = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            flags.add(request(harness, Map.of()).propertyText("wasm_need_rebuild"));
            assertThat(harness.host().rebuildRequests()).as("after request " + i).isEqualTo(i / 3);
        }

        assertThat(flags).containsExactly(null, null, "true", null, null, "true");
    }

    @Test
    void asksForARebuildAtTheMemoryLimit() {
        PluginHarness harness = start("{}");

        HttpStream atLimit = request(harness, Map.of("plugin_vm_memory", new byte[] {0, 0, 0x40, 6, 0, 0, 0, 0}));
        HttpStream below = request(harness, Map.of("plugin_vm_memory", new byte[] {0, 0, 0x3F, 6, 0, 0, 0, 0}));

        assertThat(atLimit.propertyText("wasm_need_rebuild")).isEqualTo("true");
        assertThat(below.propertyText("wasm_need_rebuild")).isNull();
        assertThat(harness.host().rebuildRequests()).isEqualTo(1);
    }

    @Test
    void ignoresAMemorySizeThatIsNotEightBytes() {
        PluginHarness harness = start("{}");

        HttpStream stream = request(harness, Map.of("plugin_vm_memory", new byte[] {(byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF}));

        assertThat(stream.propertyText("wasm_need_rebuild")).isNull();
    }
}
