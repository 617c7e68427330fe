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

/**
 * {@link RuleMatcher}'s own contract: what the parser callback receives, error paths, warnings and the port stripping
 * helper. The behaviour taken from wasm-go, row by row with its source lines, is in {@link
 * RuleMatcherCompatibilityTest}.
 */
class RuleMatcherTest {
    /** What the test plugin parses: a rule inherits {@code name} from the global configuration. */
    record Conf(String name, boolean mockEnable) {
    }

    private static final RuleMatcher.Parser<Conf> PARSER = (node, global, isRule) -> new Conf(
            node.string("name", global == null ? "unnamed" : global.name()), node.bool("mockEnable", false));

    private static RuleMatcher<Conf> parse(String json) {
        return RuleMatcher.parse(Json.parse(json.replace('\'', '"')), PARSER);
    }

    // ---- What the parser callback receives ----

    @Test
    void parsesTheEmptyObjectAsTheGlobalConfig() {
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
        assertThat(matcher.warnings()).isEmpty();
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

    @Test
    void passesASingleRuleObjectWithThePathOfRules() {
        List<String> paths = new ArrayList<>();
        RuleMatcher.<Conf>parse(Json.parse("{\"_rules_\":{\"_match_route_\":\"r\"}}"), (node, global, isRule) -> {
            paths.add(node.path());
            return new Conf("x", false);
        });

        assertThat(paths).containsExactly("_rules_");
    }

    @Test
    void parsesADocumentThatIsNotAnObjectAsAnEmptyGlobalConfig() {
        List<String> calls = new ArrayList<>();
        RuleMatcher<Conf> matcher = RuleMatcher.parse(Json.parse("[1]"), (node, global, isRule) -> {
            calls.add(node.path() + " " + node.value().toJson());
            return new Conf("g", false);
        });

        assertThat(calls).containsExactly("$ {}");
        assertThat(matcher.global()).isEqualTo(new Conf("g", false));
        assertThat(matcher.warnings())
                .containsExactly("$: the configuration is a JSON array, not an object; read as {}, "
                        + "as Higress reads it");
    }

    @Test
    void keepsRulesInConfigOrderInAnUnmodifiableList() {
        RuleMatcher<Conf> matcher = parse("{'_rules_':["
                + "{'_match_service_':['a.dns'],'name':'0'},"
                + "{'_match_route_prefix_':['r'],'name':'1'},"
                + "{'_match_route_':['r'],'name':'2'},"
                + "{'_match_domain_':['a.com'],'name':'3'}]}");

        assertThat(matcher.rules()).extracting(Rule::category)
                .containsExactly(Category.SERVICE, Category.ROUTE_PREFIX, Category.ROUTE, Category.HOST);
        assertThat(matcher.rules()).extracting(Rule::config).containsExactly(
                new Conf("0", false), new Conf("1", false), new Conf("2", false), new Conf("3", false));
        assertThatThrownBy(() -> matcher.rules().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> matcher.warnings().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- Errors and warnings ----

    @Test
    void keepsTheErrorOfAGlobalPartIgnoredBecauseRulesExist() {
        RuleMatcher<Conf> matcher = parse("{'name':5,'_rules_':[{'_match_route_':['route-a']}]}");

        assertThat(matcher.hasGlobal()).isFalse();
        assertThat(matcher.global()).isNull();
        assertThat(matcher.ignoredGlobalError()).isEqualTo("name: expected string but was number");
        assertThat(matcher.match(null, "route-a", null)).isEqualTo(new Conf("unnamed", false));
    }

    static Stream<Arguments> errorPaths() {
        return Stream.of(
                argumentSet("bad global, no rules key", "{'name':5}", "name", "expected string but was number"),
                argumentSet("bad global, empty rules", "{'name':5,'_rules_':[]}", "name",
                        "expected string but was number"),
                argumentSet("only an empty rules array", "{'_rules_':[]}", "_rules_", RuleMatcher.NO_RULES),
                argumentSet("rule without match entry", "{'_rules_':[{'_match_route_':['a']},{'name':'b'}]}",
                        "_rules_[1]", RuleMatcher.NO_MATCH_KEY),
                argumentSet("single rule object without match entry", "{'_rules_':{'name':'b'}}", "_rules_",
                        RuleMatcher.NO_MATCH_KEY),
                argumentSet("rule parser error", "{'_rules_':[{'_match_route_':['a']},"
                        + "{'_match_route_':['b'],'mockEnable':'yes'}]}", "_rules_[1].mockEnable",
                        "expected boolean but was string"));
    }

    @ParameterizedTest
    @MethodSource("errorPaths")
    void reportsAnErrorWithThePathOfTheBadValue(String json, String path, String problem) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.problem()).isEqualTo(problem);
                })
                .hasMessage(path + ": " + problem);
    }

    @Test
    void warnsOnceForEachEntryOrKeyThatHigressNeverUses() {
        RuleMatcher<Conf> matcher = parse("{'_rules_':["
                + "{'_match_route_':['', 'r', null],'_match_domain_':['a.com'],'_match_route_prefix_':['p']},"
                + "{'_match_domain_':[''],'_match_service_':['s',''],'_match_route_prefix_':['p']},"
                + "{'_match_service_':['s'],'_match_route_prefix_':['']},"
                + "{'_match_route_prefix_':['p'],'_match_route_':['']}]}");

        assertThat(matcher.warnings()).containsExactly(
                "_rules_[0]._match_route_[0]: empty entry ignored, as Higress ignores it",
                "_rules_[0]._match_route_[2]: empty entry ignored, as Higress ignores it",
                "_rules_[0]._match_domain_: never consulted, as in Higress: _match_route_ decides this rule",
                "_rules_[0]._match_route_prefix_: never consulted, as in Higress: _match_route_ decides this rule",
                "_rules_[1]._match_service_[1]: empty entry ignored, as Higress ignores it",
                "_rules_[1]._match_service_: never consulted, as in Higress: _match_domain_ decides this rule",
                "_rules_[1]._match_route_prefix_: never consulted, as in Higress: _match_domain_ decides this rule",
                "_rules_[2]._match_route_prefix_[0]: empty entry ignored, as Higress ignores it",
                "_rules_[3]._match_route_[0]: empty entry ignored, as Higress ignores it");
    }

    @Test
    void hasNoWarningsForAnOrdinaryConfiguration() {
        RuleMatcher<Conf> matcher = parse("{'name':'g','_rules_':[{'_match_route_':['r'],'_match_service_':['s:80']},"
                + "{'_match_domain_':['*.a.com','']},{'_match_route_prefix_':['api-']}]}");

        assertThat(matcher.warnings()).isEmpty();
    }

    // ---- Port stripping ----

    static Stream<Arguments> hostsWithPorts() {
        return Stream.of(
                argumentSet("name with port", "example.com:8080", "example.com"),
                argumentSet("name without port", "example.com", "example.com"),
                argumentSet("name with empty port", "example.com:", "example.com"),
                argumentSet("only a port", ":8080", ""),
                argumentSet("IPv4 with port", "10.0.0.1:80", "10.0.0.1"),
                argumentSet("IPv6 with port", "[::1]:8080", "[::1]"),
                argumentSet("IPv6 without port", "[::1]", "[::1]"),
                argumentSet("long IPv6 without port", "[2001:db8::1]", "[2001:db8::1]"),
                argumentSet("long IPv6 with port", "[2001:db8::1]:443", "[2001:db8::1]"),
                argumentSet("IPv6 without brackets loses its last group", "2001:db8::1", "2001:db8:"),
                argumentSet("empty", "", ""));
    }

    @ParameterizedTest
    @MethodSource("hostsWithPorts")
    void stripsPortFromHost(String host, String expected) {
        assertThat(RuleMatcher.stripPort(host)).isEqualTo(expected);
    }
}
