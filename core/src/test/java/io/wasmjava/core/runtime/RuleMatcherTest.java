package io.wasmjava.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.config.ConfigException;
import io.wasmjava.core.config.Json;
import io.wasmjava.core.runtime.RuleMatcher.Category;
import io.wasmjava.core.runtime.RuleMatcher.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuleMatcherTest {
    private static final String NO_MATCH_KEY = "there is at least one of  '_match_route_', '_match_domain_', "
            + "'_match_service_' and '_match_route_prefix_' can present in configuration.";

    /** What the test plugin parses: a rule inherits {@code name} from the global configuration. */
    record Conf(String name, boolean mockEnable) {
    }

    private static final RuleMatcher.Parser<Conf> PARSER = (node, global, isRule) -> new Conf(
            node.string("name", global == null ? "unnamed" : global.name()), node.bool("mockEnable", false));

    private static RuleMatcher<Conf> parse(String json) {
        return RuleMatcher.parse(Json.parse(json), PARSER);
    }

    private static List<Category> categories(RuleMatcher<?> matcher) {
        List<Category> categories = new ArrayList<>();
        for (Rule<?> rule : matcher.rules()) {
            categories.add(rule.category());
        }
        return categories;
    }

    // ---- Global and rules ----

    @Test
    void enablesGlobalConfigForEmptyObject() {
        List<String> calls = new ArrayList<>();
        RuleMatcher<Conf> matcher = RuleMatcher.parse(Json.parse("{}"), (node, global, isRule) -> {
            calls.add(node.path() + " " + node.value().toJson() + " global=" + global + " isRule=" + isRule);
            return new Conf("from-empty", false);
        });

        assertThat(calls).containsExactly("$ {} global=null isRule=false");
        assertThat(matcher.hasGlobal()).isTrue();
        assertThat(matcher.global()).isEqualTo(new Conf("from-empty", false));
        assertThat(matcher.rules()).isEmpty();
        assertThat(matcher.ignoredGlobalError()).isNull();
        assertThat(matcher.match("a.com", "route-a", "outbound|80||a.dns")).isEqualTo(new Conf("from-empty", false));
        assertThat(matcher.match(null, null, null)).isEqualTo(new Conf("from-empty", false));
    }

    @Test
    void appliesGlobalConfigToEveryRequestWhenThereAreNoRules() {
        RuleMatcher<Conf> matcher = parse("{\"name\":\"g\",\"mockEnable\":true}");

        assertThat(matcher.hasGlobal()).isTrue();
        assertThat(matcher.global()).isEqualTo(new Conf("g", true));
        assertThat(matcher.rules()).isEmpty();
        assertThat(matcher.match("a.com:8080", "route-a", "outbound|80||a.dns")).isEqualTo(new Conf("g", true));
        assertThat(matcher.match(null, null, null)).isEqualTo(new Conf("g", true));
    }

    @Test
    void skipsUnmatchedRequestsWhenThereAreOnlyRules() {
        RuleMatcher<Conf> matcher = parse("{\"_rules_\":[{\"_match_route_\":[\"route-a\"],\"name\":\"a\"}]}");

        assertThat(matcher.hasGlobal()).isFalse();
        assertThat(matcher.global()).isNull();
        assertThat(matcher.ignoredGlobalError()).isNull();
        assertThat(matcher.match(null, "route-a", null)).isEqualTo(new Conf("a", false));
        assertThat(matcher.match(null, "route-b", null)).isNull();
        assertThat(matcher.match("a.com", null, "outbound|80||a.dns")).isNull();
    }

    @Test
    void fallsBackToGlobalConfigWhenNoRuleMatches() {
        RuleMatcher<Conf> matcher = parse("{\"name\":\"g\",\"_rules_\":["
                + "{\"_match_route_\":[\"route-a\"],\"mockEnable\":true},"
                + "{\"_match_domain_\":[\"b.com\"],\"name\":\"b\"}]}");

        assertThat(matcher.hasGlobal()).isTrue();
        assertThat(matcher.global()).isEqualTo(new Conf("g", false));
        assertThat(matcher.match(null, "route-a", null)).isEqualTo(new Conf("g", true));
        assertThat(matcher.match("b.com", "route-x", null)).isEqualTo(new Conf("b", false));
        assertThat(matcher.match("c.com", "route-x", "outbound|80||c.dns")).isEqualTo(new Conf("g", false));
    }

    @Test
    void ignoresGlobalParseErrorWhenRulesExist() {
        RuleMatcher<Conf> matcher = parse("{\"name\":5,\"_rules_\":[{\"_match_route_\":[\"route-a\"]}]}");

        assertThat(matcher.hasGlobal()).isFalse();
        assertThat(matcher.global()).isNull();
        assertThat(matcher.ignoredGlobalError()).isEqualTo("name: expected string but was number");
        assertThat(matcher.match(null, "route-a", null)).isEqualTo(new Conf("unnamed", false));
        assertThat(matcher.match(null, "route-b", null)).isNull();
    }

    static Stream<Arguments> configsWithoutRulesOrGlobal() {
        return Stream.of(
                argumentSet("bad global, no rules key", "{\"name\":5}", "name", "expected string but was number"),
                argumentSet("bad global, null rules", "{\"name\":5,\"_rules_\":null}", "name",
                        "expected string but was number"),
                argumentSet("bad global, empty rules", "{\"name\":5,\"_rules_\":[]}", "name",
                        "expected string but was number"),
                argumentSet("only an empty rules array", "{\"_rules_\":[]}", "_rules_",
                        "no valid rules and no global config"));
    }

    @ParameterizedTest
    @MethodSource("configsWithoutRulesOrGlobal")
    void rejectsConfigWithNeitherRulesNorValidGlobal(String json, String path, String problem) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.problem()).isEqualTo(problem);
                })
                .hasMessage(path + ": " + problem);
    }

    @Test
    void treatsNullRulesAsAbsent() {
        RuleMatcher<Conf> matcher = parse("{\"_rules_\":null}");

        assertThat(matcher.hasGlobal()).isTrue();
        assertThat(matcher.global()).isEqualTo(new Conf("unnamed", false));
        assertThat(matcher.rules()).isEmpty();
    }

    @Test
    void keepsGlobalConfigWhenRulesArrayIsEmpty() {
        RuleMatcher<Conf> matcher = parse("{\"name\":\"g\",\"_rules_\":[]}");

        assertThat(matcher.hasGlobal()).isTrue();
        assertThat(matcher.rules()).isEmpty();
        assertThat(matcher.match("a.com", "route-a", null)).isEqualTo(new Conf("g", false));
    }

    // ---- Rule parsing ----

    static Stream<Arguments> rulesWithoutMatchKeys() {
        return Stream.of(
                argumentSet("only config keys", "{\"_rules_\":[{\"name\":\"a\"}]}", "_rules_[0]"),
                argumentSet("empty rule object", "{\"name\":\"g\",\"_rules_\":[{}]}", "_rules_[0]"),
                argumentSet("all match keys empty or null",
                        "{\"_rules_\":[{\"_match_route_\":[],\"_match_domain_\":null,\"_match_service_\":[],"
                                + "\"_match_route_prefix_\":[]}]}",
                        "_rules_[0]"),
                argumentSet("second rule",
                        "{\"_rules_\":[{\"_match_route_\":[\"a\"]},{\"_match_routes_\":[\"typo\"]}]}",
                        "_rules_[1]"));
    }

    @ParameterizedTest
    @MethodSource("rulesWithoutMatchKeys")
    void rejectsRuleWithoutMatchKeyWithHigressMessage(String json, String path) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.problem()).isEqualTo(NO_MATCH_KEY);
                })
                .hasMessage(path + ": " + NO_MATCH_KEY);
    }

    static Stream<Arguments> categoriesByKeys() {
        return Stream.of(
                argumentSet("route", "{\"_match_route_\":[\"r\"]}", Category.ROUTE),
                argumentSet("domain", "{\"_match_domain_\":[\"a.com\"]}", Category.HOST),
                argumentSet("service", "{\"_match_service_\":[\"a.dns\"]}", Category.SERVICE),
                argumentSet("route prefix", "{\"_match_route_prefix_\":[\"r\"]}", Category.ROUTE_PREFIX),
                argumentSet("route and service", "{\"_match_route_\":[\"r\"],\"_match_service_\":[\"a.dns\"]}",
                        Category.ROUTE_AND_SERVICE),
                argumentSet("route beats domain", "{\"_match_domain_\":[\"a.com\"],\"_match_route_\":[\"r\"]}",
                        Category.ROUTE),
                argumentSet("route beats route prefix",
                        "{\"_match_route_prefix_\":[\"r\"],\"_match_route_\":[\"r\"]}", Category.ROUTE),
                argumentSet("route and service beat domain and prefix",
                        "{\"_match_domain_\":[\"a.com\"],\"_match_service_\":[\"a.dns\"],\"_match_route_\":[\"r\"],"
                                + "\"_match_route_prefix_\":[\"r\"]}",
                        Category.ROUTE_AND_SERVICE),
                argumentSet("domain beats service", "{\"_match_service_\":[\"a.dns\"],\"_match_domain_\":[\"a.com\"]}",
                        Category.HOST),
                argumentSet("domain beats route prefix",
                        "{\"_match_route_prefix_\":[\"r\"],\"_match_domain_\":[\"a.com\"]}", Category.HOST),
                argumentSet("service beats route prefix",
                        "{\"_match_route_prefix_\":[\"r\"],\"_match_service_\":[\"a.dns\"]}", Category.SERVICE),
                argumentSet("empty route list is ignored", "{\"_match_route_\":[],\"_match_domain_\":[\"a.com\"]}",
                        Category.HOST),
                argumentSet("null route list is ignored", "{\"_match_route_\":null,\"_match_service_\":[\"a.dns\"]}",
                        Category.SERVICE));
    }

    @ParameterizedTest
    @MethodSource("categoriesByKeys")
    void choosesCategoryByHigressPrecedence(String rule, Category expected) {
        RuleMatcher<Conf> matcher = parse("{\"_rules_\":[" + rule + "]}");

        assertThat(categories(matcher)).containsExactly(expected);
    }

    @Test
    void keepsRulesInConfigOrder() {
        RuleMatcher<Conf> matcher = parse("{\"_rules_\":["
                + "{\"_match_service_\":[\"a.dns\"],\"name\":\"0\"},"
                + "{\"_match_route_prefix_\":[\"r\"],\"name\":\"1\"},"
                + "{\"_match_route_\":[\"r\"],\"name\":\"2\"},"
                + "{\"_match_domain_\":[\"a.com\"],\"name\":\"3\"}]}");

        assertThat(categories(matcher))
                .containsExactly(Category.SERVICE, Category.ROUTE_PREFIX, Category.ROUTE, Category.HOST);
        assertThat(matcher.rules()).extracting(Rule::config).containsExactly(
                new Conf("0", false), new Conf("1", false), new Conf("2", false), new Conf("3", false));
        assertThatThrownBy(() -> matcher.rules().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void passesRuleJsonWithMatchKeysAndGlobalConfigToRuleParser() {
        List<String> calls = new ArrayList<>();
        RuleMatcher<Conf> matcher = RuleMatcher.parse(
                Json.parse("{\"name\":\"g\",\"_rules_\":["
                        + "{\"_match_route_\":[\"r1\"],\"_match_service_\":[\"a.dns:80\"],\"mockEnable\":true},"
                        + "{\"_match_domain_\":[\"*.a.com\"],\"name\":\"b\"}]}"),
                (node, global, isRule) -> {
                    calls.add(node.path() + " " + node.value().toJson() + " global=" + global + " isRule=" + isRule);
                    return PARSER.parse(node, global, isRule);
                });

        assertThat(calls).containsExactly(
                "$ {\"name\":\"g\",\"_rules_\":[{\"_match_route_\":[\"r1\"],\"_match_service_\":[\"a.dns:80\"],"
                        + "\"mockEnable\":true},{\"_match_domain_\":[\"*.a.com\"],\"name\":\"b\"}]}"
                        + " global=null isRule=false",
                "_rules_[0] {\"_match_route_\":[\"r1\"],\"_match_service_\":[\"a.dns:80\"],\"mockEnable\":true}"
                        + " global=Conf[name=g, mockEnable=false] isRule=true",
                "_rules_[1] {\"_match_domain_\":[\"*.a.com\"],\"name\":\"b\"}"
                        + " global=Conf[name=g, mockEnable=false] isRule=true");
        assertThat(matcher.rules()).extracting(Rule::config)
                .containsExactly(new Conf("g", true), new Conf("b", false));
    }

    @Test
    void passesNullGlobalToRuleParserWhenGlobalConfigIsAbsent() {
        List<Conf> globals = new ArrayList<>();
        RuleMatcher.<Conf>parse(Json.parse("{\"_rules_\":[{\"_match_route_\":[\"r\"]}]}"), (node, global, isRule) -> {
            globals.add(global);
            return new Conf("x", false);
        });

        assertThat(globals).containsExactly((Conf) null);
    }

    static Stream<Arguments> badRules() {
        return Stream.of(
                argumentSet("rule parser error",
                        "{\"_rules_\":[{\"_match_route_\":[\"a\"]},{\"_match_route_\":[\"b\"],\"mockEnable\":\"yes\"}]}",
                        "_rules_[1].mockEnable: expected boolean but was string"),
                argumentSet("rule parser error despite valid global",
                        "{\"name\":\"g\",\"_rules_\":[{\"_match_domain_\":[\"a.com\"],\"name\":7}]}",
                        "_rules_[0].name: expected string but was number"),
                argumentSet("match key not an array", "{\"_rules_\":[{\"_match_domain_\":\"a.com\"}]}",
                        "_rules_[0]._match_domain_: expected array but was string"),
                argumentSet("match key element not a string", "{\"_rules_\":[{\"_match_route_\":[\"a\",1]}]}",
                        "_rules_[0]._match_route_[1]: expected string but was number"),
                argumentSet("rule not an object", "{\"_rules_\":[{\"_match_route_\":[\"a\"]},true]}",
                        "_rules_[1]: expected object but was boolean"),
                argumentSet("rules not an array", "{\"_rules_\":{\"_match_route_\":[\"a\"]}}",
                        "_rules_: expected array but was object"));
    }

    @ParameterizedTest
    @MethodSource("badRules")
    void rejectsBadRuleWithItsPath(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    static Stream<Arguments> nonObjectDocuments() {
        return Stream.of(
                argumentSet("array", "[]", "$: expected a JSON object but was array"),
                argumentSet("string", "\"x\"", "$: expected a JSON object but was string"),
                argumentSet("number", "1", "$: expected a JSON object but was number"),
                argumentSet("boolean", "true", "$: expected a JSON object but was boolean"),
                argumentSet("null", "null", "$: expected a JSON object but was null"));
    }

    @ParameterizedTest
    @MethodSource("nonObjectDocuments")
    void rejectsDocumentThatIsNotAnObject(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    // ---- Matching ----

    @Test
    void returnsFirstMatchingRuleInConfigOrder() {
        RuleMatcher<Conf> matcher = parse("{\"name\":\"g\",\"_rules_\":["
                + "{\"_match_route_prefix_\":[\"api-\"],\"name\":\"prefix\"},"
                + "{\"_match_route_\":[\"api-v1\"],\"name\":\"exact route\"},"
                + "{\"_match_domain_\":[\"a.com\"],\"name\":\"domain\"}]}");

        assertThat(matcher.match("a.com", "api-v1", null)).isEqualTo(new Conf("prefix", false));
        assertThat(matcher.match("a.com", "web", null)).isEqualTo(new Conf("domain", false));
        assertThat(matcher.match("b.com", "web", null)).isEqualTo(new Conf("g", false));
    }

    @Test
    void matchesOnlyByTheCategoryKeyWhenSeveralKeysArePresent() {
        // Domain beats service, so the service list of this rule is never consulted.
        RuleMatcher<Conf> matcher = parse("{\"_rules_\":["
                + "{\"_match_service_\":[\"a.dns\"],\"_match_domain_\":[\"a.com\"],\"name\":\"host\"}]}");

        assertThat(matcher.match("a.com", null, "outbound|80||other.dns")).isEqualTo(new Conf("host", false));
        assertThat(matcher.match("b.com", null, "outbound|80||a.dns")).isNull();
    }

    static Stream<Arguments> domainVectors() {
        return Stream.of(
                argumentSet("suffix pattern, subdomain", "*.example.com", "www.example.com", true),
                argumentSet("suffix pattern, bare domain", "*.example.com", "example.com", false),
                argumentSet("suffix pattern, port stripped", "*.example.com", "api.example.com:443", true),
                argumentSet("prefix pattern", "www.*", "www.test.com", true),
                argumentSet("prefix pattern, other host", "www.*", "test.com", false),
                argumentSet("exact", "www.example.com", "www.example.com", true),
                argumentSet("exact, other host", "www.example.com", "example.com", false),
                argumentSet("exact, case-sensitive", "www.example.com", "WWW.example.com", false),
                argumentSet("exact, port stripped", "www.example.com", "www.example.com:8080", true),
                argumentSet("pattern with port never matches", "www.example.com:8080", "www.example.com:8080", false),
                argumentSet("star alone, any host", "*", "www.example.com", true),
                argumentSet("star alone, host with port", "*", "localhost:8080", true),
                argumentSet("star alone, empty host", "*", "", true),
                argumentSet("IPv6 with port", "[::1]", "[::1]:8080", true),
                argumentSet("IPv6 without port", "[::1]", "[::1]", true),
                argumentSet("IPv6 pattern with port never matches", "[::1]:8080", "[::1]:8080", false));
    }

    @ParameterizedTest
    @MethodSource("domainVectors")
    void matchesDomainPatterns(String pattern, String host, boolean matches) {
        RuleMatcher<Conf> matcher = parse(
                "{\"_rules_\":[{\"_match_domain_\":[\"" + pattern + "\"],\"name\":\"hit\"}]}");

        assertThat(matcher.match(host, "route", "outbound|80||a.dns")).isEqualTo(matches ? new Conf("hit", false) : null);
    }

    @Test
    void matchesDomainRuleWhenAnyOfItsPatternsMatches() {
        RuleMatcher<Conf> matcher = parse(
                "{\"_rules_\":[{\"_match_domain_\":[\"a.com\",\"*.b.com\",\"c.*\"],\"name\":\"hit\"}]}");

        assertThat(matcher.match("a.com", null, null)).isEqualTo(new Conf("hit", false));
        assertThat(matcher.match("x.b.com", null, null)).isEqualTo(new Conf("hit", false));
        assertThat(matcher.match("c.org", null, null)).isEqualTo(new Conf("hit", false));
        assertThat(matcher.match("d.com", null, null)).isNull();
    }

    @Test
    void neverMatchesDomainRuleWithoutAuthority() {
        RuleMatcher<Conf> matcher = parse("{\"_rules_\":[{\"_match_domain_\":[\"*\"]}]}");

        assertThat(matcher.match(null, "route", "outbound|80||a.dns")).isNull();
    }

    static Stream<Arguments> hostsWithPorts() {
        return Stream.of(
                argumentSet("name with port", "example.com:8080", "example.com"),
                argumentSet("name without port", "example.com", "example.com"),
                argumentSet("name with empty port", "example.com:", "example.com"),
                argumentSet("IPv4 with port", "10.0.0.1:80", "10.0.0.1"),
                argumentSet("IPv6 with port", "[::1]:8080", "[::1]"),
                argumentSet("IPv6 without port", "[::1]", "[::1]"),
                argumentSet("long IPv6 without port", "[2001:db8::1]", "[2001:db8::1]"),
                argumentSet("long IPv6 with port", "[2001:db8::1]:443", "[2001:db8::1]"),
                argumentSet("empty", "", ""));
    }

    @ParameterizedTest
    @MethodSource("hostsWithPorts")
    void stripsPortFromHost(String host, String expected) {
        assertThat(RuleMatcher.stripPort(host)).isEqualTo(expected);
    }

    static Stream<Arguments> serviceVectors() {
        return Stream.of(
                argumentSet("fqdn", "qwen.dns", "outbound|443||qwen.dns", true),
                argumentSet("fqdn with port", "qwen.dns:443", "outbound|443||qwen.dns", true),
                argumentSet("not match", "moonshot.dns:443", "outbound|443||qwen.dns", false),
                argumentSet("error config format", "qwen.dns:", "outbound|443||qwen.dns", false),
                argumentSet("other port", "qwen.dns:8443", "outbound|443||qwen.dns", false),
                argumentSet("fqdn with subset", "qwen.dns", "outbound|443|v1|qwen.dns", true),
                argumentSet("three parts", "qwen.dns", "outbound|443|qwen.dns", false),
                argumentSet("five parts", "qwen.dns", "outbound|443||qwen.dns|x", false),
                argumentSet("one part", "qwen.dns", "qwen.dns", false),
                argumentSet("empty cluster name", "qwen.dns", "", false),
                argumentSet("fqdn with port, three parts", "qwen.dns:443", "outbound|443|qwen.dns", false));
    }

    @ParameterizedTest
    @MethodSource("serviceVectors")
    void matchesServiceAgainstClusterName(String service, String clusterName, boolean matches) {
        RuleMatcher<Conf> matcher = parse(
                "{\"_rules_\":[{\"_match_service_\":[\"" + service + "\"],\"name\":\"hit\"}]}");

        assertThat(matcher.match("qwen.dns", "route", clusterName)).isEqualTo(matches ? new Conf("hit", false) : null);
    }

    @Test
    void neverMatchesServiceRuleWithoutClusterName() {
        RuleMatcher<Conf> matcher = parse("{\"_rules_\":[{\"_match_service_\":[\"qwen.dns\"]}]}");

        assertThat(matcher.match("qwen.dns", "route", null)).isNull();
    }

    static Stream<Arguments> routeVectors() {
        return Stream.of(
                argumentSet("listed route", "route-b", true),
                argumentSet("unlisted route", "route-c", false),
                argumentSet("route is case-sensitive", "Route-a", false),
                argumentSet("longer name is not a match", "route-a-1", false),
                argumentSet("missing route name", null, false));
    }

    @ParameterizedTest
    @MethodSource("routeVectors")
    void matchesRouteByExactName(String routeName, boolean matches) {
        RuleMatcher<Conf> matcher = parse("{\"_rules_\":[{\"_match_route_\":[\"route-a\",\"route-b\"],\"name\":\"hit\"}]}");

        assertThat(matcher.match("a.com", routeName, "outbound|80||a.dns")).isEqualTo(matches ? new Conf("hit", false) : null);
    }

    static Stream<Arguments> routePrefixVectors() {
        return Stream.of(
                argumentSet("first prefix", "api-v1", true),
                argumentSet("second prefix", "internal", true),
                argumentSet("prefix equals name", "api-", true),
                argumentSet("no prefix", "web-api-v1", false),
                argumentSet("missing route name", null, false));
    }

    @ParameterizedTest
    @MethodSource("routePrefixVectors")
    void matchesRoutePrefix(String routeName, boolean matches) {
        RuleMatcher<Conf> matcher = parse(
                "{\"_rules_\":[{\"_match_route_prefix_\":[\"api-\",\"int\"],\"name\":\"hit\"}]}");

        assertThat(matcher.match("a.com", routeName, "outbound|80||a.dns")).isEqualTo(matches ? new Conf("hit", false) : null);
    }

    static Stream<Arguments> routeAndServiceVectors() {
        return Stream.of(
                argumentSet("route and service", "route-a", "outbound|443||qwen.dns", true),
                argumentSet("route only", "route-a", "outbound|443||other.dns", false),
                argumentSet("service only", "route-b", "outbound|443||qwen.dns", false),
                argumentSet("route, wrong port", "route-a", "outbound|80||qwen.dns", false),
                argumentSet("route, missing cluster", "route-a", null, false),
                argumentSet("service, missing route", null, "outbound|443||qwen.dns", false));
    }

    @ParameterizedTest
    @MethodSource("routeAndServiceVectors")
    void matchesRouteAndServiceOnlyWhenBothMatch(String routeName, String clusterName, boolean matches) {
        RuleMatcher<Conf> matcher = parse("{\"_rules_\":[{\"_match_route_\":[\"route-a\"],"
                + "\"_match_service_\":[\"qwen.dns:443\"],\"name\":\"hit\"}]}");

        assertThat(matcher.match("qwen.dns", routeName, clusterName)).isEqualTo(matches ? new Conf("hit", false) : null);
    }
}
