package io.wasmjava.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.PluginContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RootState}: plugin start as Higress's {@code OnPluginStart} does it (start hook, {@code _plugin_id_}, the
 * messages of a refused configuration), tick functions across reconfiguration, plugin attributes.
 */
class RootStateTest {
    private final List<String> events = new ArrayList<>();
    private PluginContext context;

    /** Parses {@code {"n": <int>}}, registering a tick of {@code n * 100} ms that records its run. */
    private final Plugin<Integer> ticking = Plugin.builder("p")
            .onPluginStart(plugin -> events.add("start"))
            .parseConfig((json, plugin) -> {
                context = plugin;
                int n = json.integer("n");
                events.add("parse " + n);
                plugin.registerTick(n * 100L, () -> events.add("tick " + n));
                return n;
            })
            .onRequestHeaders((http, n) -> {
                events.add("request with " + n);
                return HeaderStatus.CONTINUE;
            })
            .build();

    @Test
    void startsWithTheHookThenTheParserAndTurnsTheTickTimerOn() {
        RuntimeFixture fixture = new RuntimeFixture(ticking);

        assertThat(fixture.configure("{\"n\": 2, \"_plugin_id_\": \"id-7\"}")).isTrue();

        assertThat(events).containsExactly("start", "parse 2");
        assertThat(fixture.host.tickPeriodMillis).isEqualTo(RootState.TICK_PERIOD_MILLIS);
        assertThat(fixture.host.logs(LogLevel.INFO)).containsExactly("[p] [id-7] [nil] plugin start successfully");
    }

    @Test
    void runsEachTickFunctionWhenItsPeriodHasPassed() {
        RuntimeFixture fixture = new RuntimeFixture(ticking);
        fixture.configure("{\"n\": 2}");

        for (int i = 0; i < 5; i++) {
            fixture.dispatcher.onTick(RuntimeFixture.ROOT);
            fixture.host.nowNanos += 100_000_000L;
        }

        // The first tick runs it (nothing has run yet), then every second tick of 100 ms.
        assertThat(events).containsExactly("start", "parse 2", "tick 2", "tick 2", "tick 2");
    }

    @Test
    void aNewConfigurationReplacesTheTicksOfTheOldOneButKeepsRunTimeTicks() {
        RuntimeFixture fixture = new RuntimeFixture(ticking);
        fixture.configure("{\"n\": 1}");
        context.registerTick(100, () -> events.add("run-time tick"));

        fixture.configure("{\"n\": 3}");
        fixture.dispatcher.onTick(RuntimeFixture.ROOT);

        assertThat(events).containsExactly("start", "parse 1", "start", "parse 3", "tick 3", "run-time tick");
    }

    @Test
    void aConfigurationWithoutTicksTurnsTheTimerOff() {
        RuntimeFixture fixture = new RuntimeFixture(Plugin.builder("p")
                .parseConfig((json, plugin) -> {
                    if (json.has("tick")) {
                        plugin.registerTick(100, () -> { });
                    }
                    return json;
                })
                .build());
        fixture.configure("{\"tick\": true}");
        int withTick = fixture.host.tickPeriodMillis;

        fixture.configure("{}");

        assertThat(List.of(withTick, fixture.host.tickPeriodMillis)).containsExactly(100, 0);
    }

    @Test
    void aRefusedConfigurationKeepsThePreviousOneInEffect() {
        RuntimeFixture fixture = new RuntimeFixture(ticking);
        fixture.configure("{\"n\": 1}");

        boolean started = fixture.configure("{\"n\": \"one\"}");
        fixture.requestHeaders(2, Headers.of(":path", "/"), true);

        assertThat(started).isFalse();
        assertThat(events).endsWith("request with 1");
        assertThat(fixture.host.logs(LogLevel.ERROR)).containsExactly("[p] [nil] [nil] parse rule config failed: "
                + "n: expected integer but was string", "[p] [nil] [nil] plugin start failed");
    }

    @Test
    void invalidJsonFailsTheStart() {
        RuntimeFixture fixture = new RuntimeFixture(ticking);

        assertThat(fixture.configure("{\"n\": ")).isFalse();

        assertThat(fixture.host.logs(LogLevel.ERROR)).containsExactly("[p] [nil] [nil] parse config failed: "
                + "line 1 column 7 (offset 6): expected value but was end of input",
                "[p] [nil] [nil] plugin start failed");
    }

    @Test
    void anEmptyConfigurationWarnsOnlyAPluginThatParsesOne() {
        RuntimeFixture parsing = new RuntimeFixture(Plugin.builder("p").parseConfig((json, plugin) -> 1).build());
        RuntimeFixture raw = new RuntimeFixture(Plugin.builder("q").build());

        assertThat(List.of(parsing.configure(""), raw.configure(""))).containsExactly(true, true);

        assertThat(parsing.host.logs(LogLevel.WARN)).containsExactly(
                "[p] [nil] [nil] config is empty, but has ParseConfigFunc");
        assertThat(raw.host.logs(LogLevel.WARN)).isEmpty();
    }

    @Test
    void aRuleIsParsedByTheRuleParserFromTheGlobalConfiguration() {
        RuntimeFixture fixture = new RuntimeFixture(Plugin.builder("p")
                .parseConfig((json, plugin) -> "global " + json.integer("n"),
                        (rule, global, plugin) -> global + " + rule " + rule.integer("m"))
                .onRequestHeaders((http, config) -> {
                    events.add(http.host() + ": " + config);
                    return HeaderStatus.CONTINUE;
                })
                .build());
        fixture.configure("{\"n\": 1, \"_rules_\": [{\"_match_domain_\": [\"a.example\"], \"m\": 2}]}");

        fixture.requestHeaders(2, Headers.of(":authority", "a.example"), true);
        fixture.requestHeaders(3, Headers.of(":authority", "b.example"), true);

        assertThat(events).containsExactly("a.example: global 1 + rule 2", "b.example: global 1");
    }

    @Test
    void pluginAttributesAndTimeBelongToThePluginContext() {
        RuntimeFixture fixture = new RuntimeFixture(ticking);
        fixture.configure("{\"n\": 1}");

        context.setAttribute("k", "v");
        context.setAttribute("gone", "x");
        context.setAttribute("gone", null);

        assertThat(List.of(context.attribute("k"), String.valueOf(context.attribute("gone")), context.pluginName(),
                context.contextId(), context.currentTimeMillis())).containsExactly("v", "null", "p",
                        RuntimeFixture.ROOT, fixture.host.nowNanos / 1_000_000L);
    }
}
