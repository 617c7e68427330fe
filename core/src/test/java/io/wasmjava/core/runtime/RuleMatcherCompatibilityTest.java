package io.wasmjava.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.config.ConfigException;
import io.wasmjava.core.config.Json;
import io.wasmjava.core.runtime.RuleMatcher.Category;
import io.wasmjava.core.runtime.RuleMatcher.Rule;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-rule configuration compared with wasm-go, the Go SDK Higress's plugins use: higress-group/wasm-go at
 * {@code 41d65db}, the version alibaba/higress's {@code plugins/wasm-go/extensions/cluster-key-rate-limit/go.mod} pins
 * ({@code v1.0.6-0.20251103065747-41d65dbb2f9e}); {@code pkg/matcher} is unchanged at HEAD {@code d153aa4}. Each row
 * names its source: a case of {@code pkg/matcher/rule_matcher_test.go} ({@code _test.go:N}), or the lines of
 * {@code pkg/matcher/rule_matcher.go} ({@code .go:N}) or gjson v1.18.0's {@code gjson.go} whose behaviour it pins down.
 * Requests are given as wasm-go reads them: {@code :authority}, {@code route_name}, {@code cluster_name}
 * ({@code rule_matcher.go:128-139}). The same cases, through a compiled plugin, are in
 * {@code examples/hello-plugin}'s {@code HelloRulesScenarios}.
 */
class RuleMatcherCompatibilityTest {
    /** What a rule or the global part is called in a row: its {@code name}, {@code "global"} by default. */
    private static final RuleMatcher.Parser<String> NAME = (node, global, isRule) ->
            node.string("name", global != null ? global : isRule ? "unnamed" : "global");

    private static RuleMatcher<String> parse(String json) {
        return RuleMatcher.parse(Json.parse(json.replace('\'', '"')), NAME);
    }

    /** A configuration of one rule, called {@code hit}, selected by {@code matchKeys}. */
    private static String rule(String matchKeys) {
        return "{'_rules_':[{" + matchKeys + ",'name':'hit'}]}";
    }

    private static Arguments row(String source, String description, String config, String host, String route,
            String cluster, String expected) {
        return argumentSet(source + " " + description, config, host, route, cluster, expected);
    }

    /** wasm-go's {@code TestParseRuleConfig} "rules config" ({@code _test.go:286-359}): one rule of each kind. */
    private static final String FOUR_KINDS = "{'_rules_':["
            + "{'_match_domain_':['*.example.com','www.*','*','www.abc.com'],'name':'john'},"
            + "{'_match_route_':['test1','test2'],'name':'ann-route'},"
            + "{'_match_service_':['test1.dns','test2.static:8080'],'name':'ann-service'},"
            + "{'_match_route_prefix_':['api1','api2'],'name':'ann-prefix'}]}";

    static Stream<Arguments> requests() {
        String qwen = "outbound|443||qwen.dns";
        return Stream.of(
                // Domains: TestHostMatch (_test.go:91-209), patterns as parsed by .go:343-362 (_test.go:287-309).
                row("_test.go:99", "prefix www.* matches www.test.com", rule("'_match_domain_':['www.*']"),
                        "www.test.com", "", "", "hit"),
                row("_test.go:112", "prefix www.* does not match test.com", rule("'_match_domain_':['www.*']"),
                        "test.com", "", "", null),
                row("_test.go:125", "suffix *.example.com matches www.example.com",
                        rule("'_match_domain_':['*.example.com']"), "www.example.com", "", "", "hit"),
                row("_test.go:138", "suffix *.example.com does not match example.com",
                        rule("'_match_domain_':['*.example.com']"), "example.com", "", "", null),
                row("_test.go:151", "exact www.example.com", rule("'_match_domain_':['www.example.com']"),
                        "www.example.com", "", "", "hit"),
                row("_test.go:164", "exact www.example.com does not match example.com",
                        rule("'_match_domain_':['www.example.com']"), "example.com", "", "", null),
                row("_test.go:177", "exact, the request's port is stripped",
                        rule("'_match_domain_':['www.example.com']"), "www.example.com:8080", "", "", "hit"),
                row("_test.go:190", "* alone is the suffix \"\": any host", rule("'_match_domain_':['*']"),
                        "www.example.com", "", "", "hit"),
                row(".go:386", "* alone matches an empty host too", rule("'_match_domain_':['*']"), "", "", "", "hit"),
                row(".go:394", "exact match is case-sensitive", rule("'_match_domain_':['www.example.com']"),
                        "WWW.example.com", "", "", null),
                row(".go:382", "a pattern with a port never matches: the host's port is stripped first",
                        rule("'_match_domain_':['www.example.com:8080']"), "www.example.com:8080", "", "", null),
                row(".go:364-379", "IPv6 host with port", rule("'_match_domain_':['[::1]']"), "[::1]:8080", "", "",
                        "hit"),
                row(".go:364-379", "IPv6 host without port keeps its colons", rule("'_match_domain_':['[::1]']"),
                        "[::1]", "", "", "hit"),
                row(".go:344-362", "an empty domain entry is kept: exact \"\" matches a host that is only a port",
                        rule("'_match_domain_':['']"), ":8080", "", "", "hit"),
                row(".go:344-362", "an empty domain entry does not match a named host", rule("'_match_domain_':['']"),
                        "a.com", "", "", null),
                row(".go:349", "a leading * wins over a trailing one: *a* is the suffix a*",
                        rule("'_match_domain_':['*a*']"), "xa*", "", "", "hit"),
                row(".go:381-402", "any of a rule's patterns", rule("'_match_domain_':['a.com','*.b.com','c.*']"),
                        "c.org", "", "", "hit"),

                // Services: TestServiceMatch (_test.go:211-265) and serviceMatch (.go:404-420).
                row("_test.go:219", "fqdn", rule("'_match_service_':['qwen.dns']"), "", "", qwen, "hit"),
                row("_test.go:229", "fqdn with port", rule("'_match_service_':['qwen.dns:443']"), "", "", qwen, "hit"),
                row("_test.go:239", "another fqdn with the port", rule("'_match_service_':['moonshot.dns:443']"), "",
                        "", qwen, null),
                row("_test.go:249", "error config format: an empty port", rule("'_match_service_':['qwen.dns:']"), "",
                        "", qwen, null),
                row(".go:413", "another port", rule("'_match_service_':['qwen.dns:8443']"), "", "", qwen, null),
                row(".go:410", "a subset does not matter", rule("'_match_service_':['qwen.dns']"), "", "",
                        "outbound|443|v1|qwen.dns", "hit"),
                row(".go:406", "three parts", rule("'_match_service_':['qwen.dns']"), "", "", "outbound|443|qwen.dns",
                        null),
                row(".go:406", "five parts", rule("'_match_service_':['qwen.dns']"), "", "", "outbound|443||qwen.dns|x",
                        null),
                row(".go:406", "a bare name", rule("'_match_service_':['qwen.dns']"), "", "", "qwen.dns", null),
                row(".go:136-139", "no cluster name", rule("'_match_service_':['qwen.dns']"), "", "", null, null),
                row(".go:413", "an empty port in the entry matches an empty port in the cluster name",
                        rule("'_match_service_':['qwen.dns:']"), "", "", "outbound|||qwen.dns", "hit"),
                row(".go:415", "an entry with a colon also matches an fqdn equal to all of it",
                        rule("'_match_service_':['a:b']"), "", "", "outbound|80||a:b", "hit"),
                row(".go:412", "the port is after the last colon", rule("'_match_service_':['a:b:80']"), "", "",
                        "outbound|80||a:b", "hit"),

                // Routes and route prefixes: .go:148-152, 167-174.
                row(".go:149", "listed route", rule("'_match_route_':['route-a','route-b']"), "", "route-b", "", "hit"),
                row(".go:149", "exact, not a prefix", rule("'_match_route_':['route-a','route-b']"), "", "route-a-1",
                        "", null),
                row(".go:149", "case-sensitive", rule("'_match_route_':['route-a']"), "", "Route-a", "", null),
                row(".go:170", "route prefix", rule("'_match_route_prefix_':['api-','int']"), "", "internal", "",
                        "hit"),
                row(".go:170", "a prefix equal to the name", rule("'_match_route_prefix_':['api-']"), "", "api-", "",
                        "hit"),
                row(".go:170", "not a prefix", rule("'_match_route_prefix_':['api-']"), "", "web-api-v1", "", null),

                // Empty entries: dropped from routes, prefixes and services (.go:311-313, 323-325, 335-337).
                row(".go:323-325", "[\"\", \"api-\"]: the empty prefix is dropped, zzz falls back to global",
                        "{'name':'global','_rules_':[{'_match_route_prefix_':['','api-'],'name':'hit'}]}", "", "zzz",
                        "", "global"),
                row(".go:323-325", "[\"\", \"api-\"]: api-v1 still matches",
                        "{'name':'global','_rules_':[{'_match_route_prefix_':['','api-'],'name':'hit'}]}", "", "api-v1",
                        "", "hit"),
                row(".go:311-313", "[\"\", \"r\"] does not match an empty route name", rule("'_match_route_':['','r']"),
                        "", "", "", null),
                row(".go:132-135", "[\"\", \"r\"] does not match a missing route name",
                        rule("'_match_route_':['','r']"), "", null, "", null),
                row(".go:335-337", "an empty service entry never matches", rule("'_match_service_':['','qwen.dns']"),
                        "", "", "outbound|443||", null),

                // Precedence inside one rule (.go:236-247) and first match wins (.go:140-175).
                row(".go:236-240", "route and service: both must match",
                        rule("'_match_route_':['r'],'_match_service_':['qwen.dns:443']"), "", "r", qwen, "hit"),
                row(".go:160-165", "route and service: the route alone is not enough",
                        rule("'_match_route_':['r'],'_match_service_':['qwen.dns:443']"), "", "r",
                        "outbound|80||qwen.dns", null),
                row(".go:160-165", "route and service: the service alone is not enough",
                        rule("'_match_route_':['r'],'_match_service_':['qwen.dns:443']"), "", "other", qwen, null),
                row(".go:236-237", "route decides, its domain is never consulted",
                        rule("'_match_domain_':['a.com'],'_match_route_':['r']"), "a.com", "other", "", null),
                row(".go:236-237", "route decides, its route prefix is never consulted",
                        rule("'_match_route_prefix_':['o'],'_match_route_':['r']"), "", "other", "", null),
                row(".go:241-242", "domain decides, its service is never consulted",
                        rule("'_match_service_':['qwen.dns'],'_match_domain_':['a.com']"), "b.com", "", qwen, null),
                row(".go:243-244", "service decides, its route prefix is never consulted",
                        rule("'_match_route_prefix_':['r'],'_match_service_':['qwen.dns']"), "", "r",
                        "outbound|80||other.dns", null),
                row(".go:311, 236", "a route list of only empty entries leaves the domain deciding",
                        rule("'_match_route_':[''],'_match_domain_':['a.com']"), "a.com", "", "", "hit"),
                row("_test.go:287", "four kinds: * in the first rule catches every host first", FOUR_KINDS, "x.org",
                        "test1", "outbound|8080||test2.static", "john"),
                row(".go:140-175", "first match wins, in configuration order",
                        "{'_rules_':[{'_match_route_prefix_':['api-'],'name':'prefix'},"
                                + "{'_match_route_':['api-v1'],'name':'route'}]}",
                        "", "api-v1", "", "prefix"),
                row(".go:140-175", "a later rule matches when the earlier ones do not",
                        "{'_rules_':[{'_match_route_prefix_':['api-'],'name':'prefix'},"
                                + "{'_match_domain_':['a.com'],'name':'domain'}]}",
                        "a.com", "web", "", "domain"),

                // Global fallback (.go:176-179) and the global part (.go:186-207).
                row("_test.go:276", "global config only: every request", "{'name':'global'}", "a.com", "r", qwen,
                        "global"),
                row(".go:176-177", "no rule matches: the global config",
                        "{'name':'global','_rules_':[{'_match_route_':['r'],'name':'hit'}]}", "a.com", "x", "",
                        "global"),
                row(".go:179", "no rule matches and no global part: the plugin is inactive",
                        rule("'_match_route_':['r']"), "a.com", "x", "", null),
                row(".go:200-206", "a global part that fails to parse beside rules is no global config",
                        "{'name':5,'_rules_':[{'_match_route_':['r'],'name':'hit'}]}", "a.com", "x", "", null),
                row("_test.go:434", "a rule inherits the global config",
                        "{'name':'g','_rules_':[{'_match_route_':['r']}]}", "", "r", "", "g"),
                row(".go:188-191", "an empty object is the global config", "{}", "", "", "", "global"),
                row(".go:186-191, gjson.go:306-312", "a document that is not an object has no keys: global", "[]", "",
                        "", "", "global"),
                row(".go:193-196, gjson.go:195-204", "_rules_ as one object is one rule",
                        "{'_rules_':{'_match_route_':['r'],'name':'hit'}}", "", "r", "", "hit"),

                // Entries read as gjson does (.go:308-311, gjson.go:72-99, 195-204).
                row("gjson.go:199-201", "a single string is a one-entry list", rule("'_match_route_':'r'"), "", "r", "",
                        "hit"),
                row("gjson.go:196-197", "null is an empty list",
                        rule("'_match_route_':null,'_match_domain_':['a.com']"), "a.com", "", "", "hit"),
                row("gjson.go:90", "an integer is its text", rule("'_match_route_':[102234]"), "", "102234", "", "hit"),
                row("gjson.go:87", "another number is Go's shortest float text", rule("'_match_route_':[1.50, 1e3]"),
                        "", "1000", "", "hit"),
                row("gjson.go:76", "false is its name", rule("'_match_route_':[false]"), "", "false", "", "hit"),
                row("gjson.go:74", "a null domain entry is the empty domain", rule("'_match_domain_':[null]"), ":80",
                        "", "", "hit"),

                // Deliberate difference: wasm-go errors out without :authority and skips the plugin
                // (plugin_wrapper.go:954-958); we match an empty host so a client cannot skip it.
                row("divergence (.go:128-131)", "no :authority is matched as an empty host",
                        "{'name':'global','_rules_':[{'_match_domain_':['*'],'name':'hit'}]}", null, "", "", "hit"));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void selectsTheConfigurationWasmGoSelects(String config, String host, String route, String cluster,
            String expected) {
        assertThat(parse(config).match(host, route, cluster)).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                argumentSet("_test.go:361 no rule", "{'_rules_':[]}", "_rules_: " + RuleMatcher.NO_RULES),
                argumentSet("_test.go:366 invalid rule", "{'_rules_':[{'age':16}]}",
                        "_rules_[0]: " + RuleMatcher.NO_MATCH_KEY),
                argumentSet("_test.go:464 a rule that fails to parse",
                        "{'_rules_':[{'_match_route_':['r1','r2'],'name':7}]}",
                        "_rules_[0].name: expected string but was number"),
                argumentSet(".go:193-196, 208-212 _rules_ null and nothing else", "{'_rules_':null}",
                        "_rules_: " + RuleMatcher.NO_RULES),
                argumentSet(".go:311-313 _match_route_ [\"\"]", "{'_rules_':[{'_match_route_':['']}]}",
                        "_rules_[0]: " + RuleMatcher.NO_MATCH_KEY),
                argumentSet(".go:323-325 _match_route_prefix_ [\"\"]", "{'_rules_':[{'_match_route_prefix_':['']}]}",
                        "_rules_[0]: " + RuleMatcher.NO_MATCH_KEY),
                argumentSet(".go:335-337 _match_service_ [\"\"]", "{'_rules_':[{'_match_service_':['']}]}",
                        "_rules_[0]: " + RuleMatcher.NO_MATCH_KEY),
                argumentSet(".go:311-313 _match_route_ [null]", "{'_rules_':[{'_match_route_':[null]}]}",
                        "_rules_[0]: " + RuleMatcher.NO_MATCH_KEY),
                argumentSet(".go:233-235 all match keys empty or null",
                        "{'_rules_':[{'_match_route_':[],'_match_domain_':null,'_match_service_':[],"
                                + "'_match_route_prefix_':[]}]}", "_rules_[0]: " + RuleMatcher.NO_MATCH_KEY),
                argumentSet(".go:233-235 a misspelt key is no match key",
                        "{'_rules_':[{'_match_route_':['a']},{'_match_routes_':['typo']}]}",
                        "_rules_[1]: " + RuleMatcher.NO_MATCH_KEY),
                argumentSet(".go:225-235 a rule that is not an object has no match key",
                        "{'_rules_':[{'_match_route_':['a']},true]}", "_rules_[1]: " + RuleMatcher.NO_MATCH_KEY),
                argumentSet(".go:194, gjson.go:199-201 _rules_ as a string is one rule without match key",
                        "{'_rules_':'r'}", "_rules_: " + RuleMatcher.NO_MATCH_KEY),
                argumentSet("divergence (.go:208-212) a failing global part without rules: its own message, "
                        + "without wasm-go's prefix",
                        "{'name':5,'_rules_':[]}", "name: expected string but was number"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsWhatWasmGoRejects(String config, String message) {
        assertThatThrownBy(() -> parse(config)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    static Stream<Arguments> categories() {
        return Stream.of(
                argumentSet(".go:237 route", "{'_match_route_':['r']}", Category.ROUTE),
                argumentSet(".go:242 domain", "{'_match_domain_':['a.com']}", Category.HOST),
                argumentSet(".go:244 service", "{'_match_service_':['a.dns']}", Category.SERVICE),
                argumentSet(".go:246 route prefix", "{'_match_route_prefix_':['r']}", Category.ROUTE_PREFIX),
                argumentSet(".go:238-240 route and service",
                        "{'_match_route_':['r'],'_match_service_':['a.dns']}", Category.ROUTE_AND_SERVICE),
                argumentSet(".go:236 route beats domain", "{'_match_domain_':['a.com'],'_match_route_':['r']}",
                        Category.ROUTE),
                argumentSet(".go:236 route beats route prefix",
                        "{'_match_route_prefix_':['r'],'_match_route_':['r']}", Category.ROUTE),
                argumentSet(".go:236-240 route and service beat domain and prefix",
                        "{'_match_domain_':['a.com'],'_match_service_':['a.dns'],'_match_route_':['r'],"
                                + "'_match_route_prefix_':['r']}", Category.ROUTE_AND_SERVICE),
                argumentSet(".go:241 domain beats service", "{'_match_service_':['a.dns'],'_match_domain_':['a.com']}",
                        Category.HOST),
                argumentSet(".go:241 domain beats route prefix",
                        "{'_match_route_prefix_':['r'],'_match_domain_':['a.com']}", Category.HOST),
                argumentSet(".go:243 service beats route prefix",
                        "{'_match_route_prefix_':['r'],'_match_service_':['a.dns']}", Category.SERVICE),
                argumentSet(".go:229, 236 an empty route list is no route",
                        "{'_match_route_':[],'_match_domain_':['a.com']}",
                        Category.HOST),
                argumentSet(".go:229, 236 a route list of empty entries is no route",
                        "{'_match_route_':['',null],'_match_service_':['a.dns']}", Category.SERVICE),
                argumentSet(".go:231, 238 a service list of empty entries is no service",
                        "{'_match_route_':['r'],'_match_service_':['']}", Category.ROUTE),
                argumentSet(".go:230, 241 an empty domain entry is a domain",
                        "{'_match_domain_':[''],'_match_service_':['a.dns']}", Category.HOST));
    }

    @ParameterizedTest
    @MethodSource("categories")
    void choosesTheCategoryWasmGoChooses(String rule, Category expected) {
        assertThat(parse("{'_rules_':[" + rule + "]}").rules()).extracting(Rule::category).containsExactly(expected);
    }

    @Test
    void parsesWasmGosFourKindsExampleIntoFourRules() {
        // _test.go:286-359: the categories and configurations wasm-go's test expects, in order.
        RuleMatcher<String> matcher = parse(FOUR_KINDS);

        assertThat(matcher.rules()).extracting(Rule::category)
                .containsExactly(Category.HOST, Category.ROUTE, Category.SERVICE, Category.ROUTE_PREFIX);
        assertThat(matcher.rules()).extracting(Rule::config)
                .containsExactly("john", "ann-route", "ann-service", "ann-prefix");
        assertThat(matcher.hasGlobal()).isFalse();
    }
}
