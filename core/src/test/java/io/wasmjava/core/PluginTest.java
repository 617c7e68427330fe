package io.wasmjava.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.config.ConfigNode;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Plugin.Builder}: nothing set is lost whatever the call order. Limits and the start handler may come before
 * or after {@code parseConfig}; phase handlers come after it, and the types say so: {@code parseConfig} exists only
 * on the first stage, which setting a handler leaves.
 */
class PluginTest {
    private static final Limits LIMITS = Limits.newBuilder().maxBodyBytes(7).build();
    private static final Plugin.PluginStartHandler START = plugin -> { };
    private static final Plugin.ConfigParser<String> PARSER = (json, plugin) -> "parsed";
    private static final Plugin.HeadersHandler<String> HEADERS = (http, config) -> HeaderStatus.CONTINUE;

    static Stream<Arguments> callOrders() {
        return Stream.of(
                argumentSet("limits and start handler before parseConfig", (Supplier<Plugin<String>>) () ->
                        Plugin.builder("p").limits(LIMITS).onPluginStart(START).parseConfig(PARSER)
                                .onRequestHeaders(HEADERS).build()),
                argumentSet("limits and start handler after parseConfig and a handler", (Supplier<Plugin<String>>) () ->
                        Plugin.builder("p").parseConfig(PARSER).onRequestHeaders(HEADERS).limits(LIMITS)
                                .onPluginStart(START).build()));
    }

    @ParameterizedTest
    @MethodSource("callOrders")
    void keepsEverythingSetWhateverTheOrder(Supplier<Plugin<String>> build) {
        Plugin<String> plugin = build.get();

        assertThat(List.of(plugin.limits(), plugin.pluginStartHandler(), plugin.configParser(),
                plugin.requestHeadersHandler(), plugin.hasCustomConfig()))
                .containsExactly(LIMITS, START, PARSER, HEADERS, true);
    }

    @Test
    void everyHandlerIsKeptOnARawConfigurationPlugin() {
        Plugin.HeadersHandler<ConfigNode> headers = (http, config) -> HeaderStatus.CONTINUE;
        Plugin.BodyHandler<ConfigNode> body = (http, config, bytes) -> DataStatus.CONTINUE;
        Plugin.StreamingBodyHandler<ConfigNode> chunk = (http, config, bytes, last) -> bytes;
        Plugin.StreamDoneHandler<ConfigNode> done = (http, config) -> { };

        Plugin<ConfigNode> plugin = Plugin.builder("p").onRequestHeaders(headers).onRequestBody(body)
                .onStreamingRequestBody(chunk).onResponseHeaders(headers).onResponseBody(body)
                .onStreamingResponseBody(chunk).onStreamDone(done).limits(LIMITS).onPluginStart(START).build();

        assertThat(List.of(plugin.requestHeadersHandler(), plugin.requestBodyHandler(),
                plugin.streamingRequestBodyHandler(), plugin.responseHeadersHandler(), plugin.responseBodyHandler(),
                plugin.streamingResponseBodyHandler(), plugin.streamDoneHandler(), plugin.limits(),
                plugin.pluginStartHandler(), plugin.hasCustomConfig(), plugin.name()))
                .containsExactly(headers, body, chunk, headers, body, chunk, done, LIMITS, START, false, "p");
    }

    @Test
    void onlyTheFirstStageOffersParseConfig() {
        List<String> stages = new ArrayList<>();
        for (Class<?> type : List.of(Plugin.ConfigStage.class, Plugin.Builder.class)) {
            for (Method method : type.getMethods()) {
                if (method.getName().equals("parseConfig")) {
                    stages.add(type.getSimpleName() + "." + method.getParameterCount());
                }
            }
        }

        assertThat(stages).containsExactlyInAnyOrder("ConfigStage.1", "ConfigStage.2");
    }

    @Test
    void parseConfigAfterAHandlerOnAKeptFirstStageFailsInsteadOfDroppingIt() {
        Plugin.ConfigStage stage = Plugin.builder("p");
        stage.onRequestHeaders((http, config) -> HeaderStatus.CONTINUE);

        assertThatThrownBy(() -> stage.parseConfig(PARSER)).isInstanceOf(IllegalStateException.class)
                .hasMessage("parseConfig after a phase handler: set handlers on the builder parseConfig returns");
    }

    @Test
    void theRuleParserIsKeptWithTheGlobalOne() {
        Plugin.RuleConfigParser<String> rules = (json, global, plugin) -> global + " rule";

        Plugin<String> plugin = Plugin.builder("p").parseConfig(PARSER, rules).build();

        assertThat(List.of(plugin.configParser(), plugin.ruleConfigParser())).containsExactly(PARSER, rules);
    }

    @Test
    void refusesAnEmptyNameAndNullHandlers() {
        assertThatThrownBy(() -> Plugin.builder("")).hasMessage("plugin name must not be empty");
        assertThatThrownBy(() -> Plugin.builder("p").parseConfig(null)).hasMessage("parser must not be null");
        assertThatThrownBy(() -> Plugin.builder("p").onStreamDone(null)).hasMessage("handler must not be null");
    }

    @Test
    void carriesTheVmAndLogOptionsAcrossParseConfig() {
        Plugin<String> plugin = Plugin.builder("p").rebuildAfterRequests(3).enableSafeLog().parseConfig(PARSER)
                .build();

        assertThat(plugin.isSafeLog()).isTrue();
        assertThat(plugin.requestStartHandler()).isNotNull();
        assertThat(plugin.pluginStartHandler()).isNotNull();
    }

    @Test
    void linksNoLifecycleHandlersWithoutOptions() {
        Plugin<String> plugin = Plugin.builder("p").parseConfig(PARSER).maxRequestsPerIoCycle(20).build();
        Plugin<ConfigNode> plain = Plugin.builder("p").build();

        assertThat(plugin.requestStartHandler()).as("no rebuild option: nothing per request").isNull();
        assertThat(plugin.pluginStartHandler()).isNotNull();
        assertThat(plain.requestStartHandler()).isNull();
        assertThat(plain.pluginStartHandler()).isNull();
        assertThat(plain.isSafeLog()).isFalse();
    }

    @Test
    void refusesLifecycleOptionsThatAreNotPositive() {
        assertThatThrownBy(() -> Plugin.builder("p").rebuildAfterRequests(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requests must be positive but was 0");
        assertThatThrownBy(() -> Plugin.builder("p").rebuildMaxMemoryBytes(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bytes must be positive but was -1");
        assertThatThrownBy(() -> Plugin.builder("p").maxRequestsPerIoCycle(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requests must be positive but was 0");
    }
}
