package io.wasmjava.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code _rules_} as wasm-go's {@code pkg/matcher} applies them, through the hello plugin, so that the SDK's rule
 * matching is checked in the compiled module too ({@link HelloRulesWasmIT}) and not only on the JVM
 * ({@link HelloRulesTest}). The rows are the cases of core's {@code RuleMatcherCompatibilityTest} that decide which
 * requests a plugin acts on; sources as there: {@code _test.go:N} is a case of wasm-go 41d65db's
 * {@code pkg/matcher/rule_matcher_test.go}, {@code .go:N} lines of {@code pkg/matcher/rule_matcher.go}.
 *
 * <p>In every row the rule under test sets {@code mockEnable: true}, so a request it selects gets the mock answer; a
 * global part (when there is one) sets {@code mockEnable: false}, so a request that falls back to it only gets the
 * {@code hello} header; a request nothing selects passes untouched.
 */
abstract class HelloRulesScenarios extends PluginScenarios {
    private static final String PREFIX = "[hello-plugin] [nil] [nil] ";
    private static final String NO_MATCH_KEY = "there is at least one of  '_match_route_', '_match_domain_', "
            + "'_match_service_' and '_match_route_prefix_' can present in configuration.";
    private static final String QWEN = "outbound|443||qwen.dns";

    /** Which configuration the plugin applied to a request. */
    enum Applied {
        /** The rule under test: the mock answer. */
        RULE,
        /** The global part: only the hello header. */
        GLOBAL,
        /** Nothing: the plugin is inactive for the request. */
        NONE
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A configuration of one rule, with the mock on, selected by {@code matchKeys}; no global part. */
    private static String rule(String matchKeys) {
        return "{'_rules_':[{" + matchKeys + ",'mockEnable':true}]}";
    }

    private static Arguments row(String source, String description, String config, String host, String route,
            String cluster, Applied applied) {
        return argumentSet(source + " " + description, config, host, route, cluster, applied);
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                // The edges issue 12 reports.
                row(".go:323-325", "_match_route_prefix_ [\"\", \"api-\"]: zzz falls back to the global part",
                        "{'mockEnable':false,'_rules_':[{'_match_route_prefix_':['','api-'],'mockEnable':true}]}",
                        "a.com", "zzz", QWEN, Applied.GLOBAL),
                row(".go:323-325", "_match_route_prefix_ [\"\", \"api-\"]: api-v1 matches",
                        "{'mockEnable':false,'_rules_':[{'_match_route_prefix_':['','api-'],'mockEnable':true}]}",
                        "a.com", "api-v1", QWEN, Applied.RULE),
                row(".go:311-313", "_match_route_ [\"\", \"r\"] does not match an empty route name",
                        rule("'_match_route_':['','r']"), "a.com", "", QWEN, Applied.NONE),
                row(".go:132-135", "_match_route_ [\"\", \"r\"] does not match a missing route name",
                        rule("'_match_route_':['','r']"), "a.com", null, QWEN, Applied.NONE),
                row(".go:344-362", "_match_domain_ [\"\"] is kept: it matches a host that is only a port",
                        rule("'_match_domain_':['']"), ":8080", "r", QWEN, Applied.RULE),
                // Matcher kinds, wildcards, ports.
                row("_test.go:99", "domain prefix www.*", rule("'_match_domain_':['www.*']"), "www.test.com", "r", QWEN,
                        Applied.RULE),
                row("_test.go:125", "domain suffix *.example.com, port stripped",
                        rule("'_match_domain_':['*.example.com']"), "api.example.com:443", "r", QWEN, Applied.RULE),
                row("_test.go:138", "domain suffix *.example.com, bare domain",
                        rule("'_match_domain_':['*.example.com']"), "example.com", "r", QWEN, Applied.NONE),
                row("_test.go:177", "exact domain, the request's port is stripped",
                        rule("'_match_domain_':['www.example.com']"), "www.example.com:8080", "r", QWEN, Applied.RULE),
                row(".go:364-379", "IPv6 host with port", rule("'_match_domain_':['[::1]']"), "[::1]:8080", "r", QWEN,
                        Applied.RULE),
                row("_test.go:229", "service fqdn:port", rule("'_match_service_':['qwen.dns:443']"), "a.com", "r", QWEN,
                        Applied.RULE),
                row("_test.go:249", "service with an empty port", rule("'_match_service_':['qwen.dns:']"), "a.com", "r",
                        QWEN, Applied.NONE),
                row(".go:410", "service fqdn, subset and port do not matter", rule("'_match_service_':['qwen.dns']"),
                        "a.com", "r", "outbound|8080|v1|qwen.dns", Applied.RULE),
                row(".go:415", "service entry with a colon equal to the whole fqdn", rule("'_match_service_':['a:b']"),
                        "a.com", "r", "outbound|80||a:b", Applied.RULE),
                row(".go:160-165", "route and service: the route alone is not enough",
                        "{'mockEnable':false,'_rules_':[{'_match_route_':['r'],'_match_service_':['qwen.dns:443'],"
                                + "'mockEnable':true}]}",
                        "a.com", "r", "outbound|80||qwen.dns", Applied.GLOBAL),
                row(".go:236-237", "route decides: the rule's domain is never consulted",
                        rule("'_match_domain_':['a.com'],'_match_route_':['r']"), "a.com", "other", QWEN, Applied.NONE),
                // First match wins, global fallback.
                row(".go:140-175", "first match wins",
                        "{'_rules_':[{'_match_route_prefix_':['api-'],'mockEnable':true},"
                                + "{'_match_route_':['api-v1'],'mockEnable':false}]}",
                        "a.com", "api-v1", QWEN, Applied.RULE),
                row(".go:140-175", "an earlier rule that does not match is passed over",
                        "{'_rules_':[{'_match_route_':['api-v1'],'mockEnable':false},"
                                + "{'_match_domain_':['a.com'],'mockEnable':true}]}",
                        "a.com", "web", QWEN, Applied.RULE),
                row(".go:176-179", "no rule matches: the global part",
                        "{'mockEnable':false,'_rules_':[{'_match_route_':['r'],'mockEnable':true}]}", "a.com", "x",
                        QWEN, Applied.GLOBAL),
                row(".go:200-206", "a global part that fails to parse beside rules: no global config",
                        "{'mockEnable':'yes','_rules_':[{'_match_route_':['r'],'mockEnable':true}]}", "a.com", "x",
                        QWEN, Applied.NONE),
                // Values read as gjson reads them.
                row("gjson.go:199-201", "a single string is a one-entry list", rule("'_match_route_':'r'"), "a.com",
                        "r", QWEN, Applied.RULE),
                row("gjson.go:87-90", "numbers are their text", rule("'_match_route_':[102234, 1e3]"), "a.com", "1000",
                        QWEN, Applied.RULE),
                row(".go:193-196", "_rules_ as one object is one rule",
                        "{'_rules_':{'_match_route_':['r'],'mockEnable':true}}", "a.com", "r", QWEN, Applied.RULE),
                // Our deliberate difference (README, Configuration): wasm-go skips the plugin without :authority.
                row("divergence (plugin_wrapper.go:954-958)", "no :authority is matched as an empty host",
                        "{'mockEnable':false,'_rules_':[{'_match_domain_':['*'],'mockEnable':true}]}", null, "r", QWEN,
                        Applied.RULE));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void appliesTheConfigurationWasmGoSelects(String config, String host, String route, String cluster,
            Applied applied) {
        PluginHarness harness = start(harness().config(json(config)).property("route_name", route)
                .property("cluster_name", cluster));
        Headers request = host == null ? Headers.of(":method", "GET", ":path", "/")
                : Headers.of(":authority", host, ":method", "GET", ":path", "/");
        HttpStream stream = harness.newStream();

        stream.requestHeaders(request, true);

        Headers withHello = request.newBuilder().add("hello", "world").build();
        assertThat(stream.requestHeaders()).isEqualTo(applied == Applied.NONE ? request : withHello);
        assertThat(stream.localResponse())
                .isEqualTo(applied == Applied.RULE ? LocalResponse.of(200, Headers.empty(), "hello world") : null);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                argumentSet("_test.go:361 no rule", "{'_rules_':[]}",
                        "_rules_: parse config failed, no valid rules; global config parse error:<nil>"),
                argumentSet(".go:193-196 _rules_ null and nothing else", "{'_rules_':null}",
                        "_rules_: parse config failed, no valid rules; global config parse error:<nil>"),
                argumentSet("_test.go:366 a rule without a match key", "{'_rules_':[{'mockEnable':true}]}",
                        "_rules_[0]: " + NO_MATCH_KEY),
                argumentSet(".go:311-313 _match_route_ [\"\"]", "{'_rules_':[{'_match_route_':['']}]}",
                        "_rules_[0]: " + NO_MATCH_KEY),
                argumentSet(".go:323-325 _match_route_prefix_ [\"\"]", "{'_rules_':[{'_match_route_prefix_':['']}]}",
                        "_rules_[0]: " + NO_MATCH_KEY),
                argumentSet(".go:335-337 _match_service_ [\"\"]", "{'_rules_':[{'_match_service_':['']}]}",
                        "_rules_[0]: " + NO_MATCH_KEY),
                argumentSet("_test.go:464 a rule that fails to parse",
                        "{'_rules_':[{'_match_route_':['r'],'mockEnable':1}]}",
                        "_rules_[0].mockEnable: expected boolean but was number"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void refusesWhatWasmGoRefuses(String config, String message) {
        PluginHarness harness = track(harness().config(json(config)).build());

        assertThat(harness.start()).isFalse();

        assertThat(harness.logs(LogLevel.ERROR))
                .containsExactly(PREFIX + "parse rule config failed: " + message, PREFIX + "plugin start failed");
    }

    @Test
    void warnsAboutEntriesAndKeysHigressNeverUses() {
        PluginHarness harness = start(json("{'_rules_':[{'_match_route_prefix_':['','api-'],'mockEnable':true},"
                + "{'_match_route_':['r'],'_match_domain_':['a.com']}]}"));

        assertThat(harness.logs(LogLevel.WARN)).containsExactly(
                PREFIX + "_rules_[0]._match_route_prefix_[0]: empty entry ignored, as Higress ignores it",
                PREFIX + "_rules_[1]._match_domain_: never consulted, as in Higress: _match_route_ decides this rule");
    }

    @Test
    void readsADocumentThatIsNotAnObjectAsAnEmptyConfiguration() {
        PluginHarness harness = start("[]");
        HttpStream stream = harness.newStream();
        Headers request = Headers.of(":authority", "a.com", ":path", "/");

        stream.requestHeaders(request, true);

        assertThat(stream.requestHeaders()).isEqualTo(request.newBuilder().add("hello", "world").build());
        assertThat(harness.logs(LogLevel.WARN)).containsExactly(
                PREFIX + "$: the configuration is a JSON array, not an object; read as {}, as Higress reads it");
    }
}
