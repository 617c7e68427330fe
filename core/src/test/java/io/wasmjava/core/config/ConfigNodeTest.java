package io.wasmjava.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigNodeTest {
    private static final String CONFIG =
            """
      {
        "rule_name": "route-a",
        "enabled": true,
        "qps": 100,
        "whole": 3.0,
        "hundred": 1e2,
        "ratio": 0.25,
        "negative": -7,
        "big": 9007199254740993,
        "huge": 1e19,
        "inf": 1e400,
        "nothing": null,
        "tags": ["a", "b"],
        "empty_list": [],
        "redis": {"service_name": "redis.static", "service_port": 70000, "timeout": 1.5},
        "rule_items": [
          {"limit_keys": [{"key": "k1"}]},
          [],
          {"limit_keys": [{"key": 7}], "hosts": ["h1", null]}
        ],
        "x.y": {"": 1}
      }
      """;

    private final ConfigNode root = ConfigNode.parse(CONFIG);

    @Test
    void readsRequiredValuesOfEveryKind() {
        assertThat(root.string("rule_name")).isEqualTo("route-a");
        assertThat(root.bool("enabled")).isTrue();
        assertThat(root.integer("qps")).isEqualTo(100);
        assertThat(root.integer("negative")).isEqualTo(-7);
        assertThat(root.longValue("big")).isEqualTo(9007199254740993L);
        assertThat(root.decimal("ratio")).isEqualTo(0.25);
        assertThat(root.decimal("qps")).isEqualTo(100.0);
        assertThat(root.object("redis").string("service_name")).isEqualTo("redis.static");
        assertThat(root.stringList("tags")).containsExactly("a", "b");
        assertThat(root.stringList("empty_list")).isEmpty();
        assertThat(root.array("rule_items")).hasSize(3);
    }

    @Test
    void acceptsAnyNotationOfAWholeNumberAsInteger() {
        assertThat(root.integer("whole")).isEqualTo(3);
        assertThat(root.integer("hundred")).isEqualTo(100);
        assertThat(root.longValue("hundred")).isEqualTo(100L);
    }

    @Test
    void checksIntegerRange() {
        ConfigNode redis = root.object("redis");

        assertThat(root.integer("qps", 1, 100)).isEqualTo(100);
        assertThat(root.integer("qps", 0, 1, 1000)).isEqualTo(100);
        assertThat(redis.integer("database", 0, 0, 15)).isEqualTo(0);
    }

    /** A key that is missing and a key whose value is {@code null} both read as absent. */
    @ParameterizedTest
    @ValueSource(strings = {"absent", "nothing"})
    void returnsDefaultsWhenKeyIsAbsentOrNull(String key) {
        assertThat(root.string(key, "def")).isEqualTo("def");
        assertThat(root.string(key, null)).isNull();
        assertThat(root.integer(key, 42)).isEqualTo(42);
        assertThat(root.integer(key, 99, 1, 10)).isEqualTo(99);
        assertThat(root.longValue(key, 5L)).isEqualTo(5L);
        assertThat(root.decimal(key, 0.5)).isEqualTo(0.5);
        assertThat(root.bool(key, true)).isTrue();
        assertThat(root.optionalObject(key)).isNull();
        assertThat(root.array(key, List.of())).isEmpty();
        assertThat(root.stringList(key, List.of("x"))).containsExactly("x");
    }

    @Test
    void returnsPresentValuesOverDefaults() {
        assertThat(root.string("rule_name", "def")).isEqualTo("route-a");
        assertThat(root.integer("qps", 1)).isEqualTo(100);
        assertThat(root.longValue("big", 1L)).isEqualTo(9007199254740993L);
        assertThat(root.decimal("ratio", 1.0)).isEqualTo(0.25);
        assertThat(root.bool("enabled", false)).isTrue();
        assertThat(root.optionalObject("redis").string("service_name")).isEqualTo("redis.static");
        assertThat(root.array("tags", List.of())).hasSize(2);
        assertThat(root.stringList("tags", List.of())).containsExactly("a", "b");
    }

    @Test
    void tellsAbsentFromNullFromPresent() {
        assertThat(root.has("nothing")).isTrue();
        assertThat(root.isNull("nothing")).isTrue();
        assertThat(root.has("absent")).isFalse();
        assertThat(root.isNull("absent")).isTrue();
        assertThat(root.has("qps")).isTrue();
        assertThat(root.isNull("qps")).isFalse();
        assertThat(root.node("nothing").isNull()).isTrue();
        assertThat(root.node("qps").isNull()).isFalse();
    }

    @Test
    void listsKeysInDocumentOrder() {
        assertThat(root.object("redis").keys()).containsExactly("service_name", "service_port", "timeout");
    }

    @Test
    void returnsAnyKindFromNode() {
        assertThat(root.node("nothing").kind()).isEqualTo(JsonKind.NULL);
        assertThat(root.node("tags").kind()).isEqualTo(JsonKind.ARRAY);
        assertThat(root.node("tags").value()).isEqualTo(Json.parse("[\"a\",\"b\"]"));
        assertThat(root.value().kind()).isEqualTo(JsonKind.OBJECT);
        assertThat(root.kind()).isEqualTo(JsonKind.OBJECT);
    }

    @Test
    void readsArrayElementsWithElementAccessors() {
        ConfigNode values = ConfigNode.parse("[\"s\", 2, 3e9, 0.5, false, {\"a\": 1}, [\"x\"], null]");
        List<ConfigNode> elements = values.asList();

        assertThat(elements.get(0).asString()).isEqualTo("s");
        assertThat(elements.get(1).asInt()).isEqualTo(2);
        assertThat(elements.get(1).asInt(1, 2)).isEqualTo(2);
        assertThat(elements.get(2).asLong()).isEqualTo(3_000_000_000L);
        assertThat(elements.get(3).asDecimal()).isEqualTo(0.5);
        assertThat(elements.get(4).asBool()).isFalse();
        assertThat(elements.get(5).asObject().integer("a")).isEqualTo(1);
        assertThat(elements.get(6).asStringList()).containsExactly("x");
        assertThat(elements.get(7).isNull()).isTrue();
    }

    @Test
    void returnsUnmodifiableLists() {
        assertThatThrownBy(() -> root.array("tags").clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> root.stringList("tags").clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> root.keys().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    static Stream<Arguments> paths() {
        ConfigNode root = ConfigNode.parse(CONFIG);
        ConfigNode arrayRoot = ConfigNode.parse("[{\"a\": [0, {\"b\": 1}]}]");
        ConfigNode oddKeys = ConfigNode.parse("{\"a b\": {\"c[0]\": {\"q\\\"\": {\"\\n\": {\"-x:y\": 1}}}}}");
        return Stream.of(
                argumentSet("root", root, "$"),
                argumentSet("top-level member", root.object("redis"), "redis"),
                argumentSet("array element", root.array("rule_items").get(2), "rule_items[2]"),
                argumentSet(
                        "nested element",
                        root.array("rule_items").get(2).array("limit_keys").get(0).node("key"),
                        "rule_items[2].limit_keys[0].key"),
                argumentSet("element of root array", arrayRoot.asList().get(0), "[0]"),
                argumentSet("member of element of root array", arrayRoot.asList().get(0).array("a").get(1).node("b"), "[0].a[1].b"),
                argumentSet("key with a dot", root.object("x.y"), "[\"x.y\"]"),
                argumentSet("empty key", root.object("x.y").node(""), "[\"x.y\"][\"\"]"),
                argumentSet(
                        "keys with space, brackets, quote and newline; hyphen and colon stay bare",
                        oddKeys.object("a b").object("c[0]").object("q\"").object("\n").node("-x:y"),
                        "[\"a b\"][\"c[0]\"][\"q\\\"\"][\"\\n\"].-x:y"));
    }

    @ParameterizedTest
    @MethodSource("paths")
    void namesEachNodeByItsPath(ConfigNode node, String path) {
        assertThat(node.path()).isEqualTo(path);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                error("missing required key", n -> n.string("absent"), "absent: required but missing"),
                error("missing nested key", n -> n.object("redis").string("password"), "redis.password: required but missing"),
                error("missing node", n -> n.node("absent"), "absent: required but missing"),
                error("string of number", n -> n.string("qps"), "qps: expected string but was number"),
                error("string of null", n -> n.string("nothing"), "nothing: expected string but was null"),
                error(
                        "string deep in arrays",
                        n -> n.array("rule_items").get(2).array("limit_keys").get(0).string("key"),
                        "rule_items[2].limit_keys[0].key: expected string but was number"),
                error("integer of fraction", n -> n.integer("ratio"), "ratio: expected integer but was 0.25"),
                error("integer of string", n -> n.integer("rule_name"), "rule_name: expected integer but was string"),
                error("integer of null", n -> n.integer("nothing"), "nothing: expected integer but was null"),
                error(
                        "integer beyond int",
                        n -> n.integer("big"),
                        "big: must be between -2147483648 and 2147483647 but was 9007199254740993"),
                error(
                        "integer beyond long",
                        n -> n.integer("huge"),
                        "huge: must be between -2147483648 and 2147483647 but was 1e19"),
                error(
                        "integer out of given range",
                        n -> n.object("redis").integer("service_port", 1, 65535),
                        "redis.service_port: must be between 1 and 65535 but was 70000"),
                error(
                        "optional integer out of given range",
                        n -> n.object("redis").integer("service_port", 6379, 1, 65535),
                        "redis.service_port: must be between 1 and 65535 but was 70000"),
                error(
                        "integer far beyond given range",
                        n -> n.integer("huge", 0, 10),
                        "huge: must be between 0 and 10 but was 1e19"),
                error(
                        "long beyond long",
                        n -> n.longValue("huge"),
                        "huge: must be between -9223372036854775808 and 9223372036854775807 but was 1e19"),
                error("long of fraction", n -> n.longValue("ratio"), "ratio: expected integer but was 0.25"),
                error("decimal of string", n -> n.decimal("rule_name"), "rule_name: expected number but was string"),
                error("decimal beyond double", n -> n.decimal("inf"), "inf: must be within the range of double but was 1e400"),
                error("bool of string", n -> n.bool("rule_name"), "rule_name: expected boolean but was string"),
                error("object of array", n -> n.object("tags"), "tags: expected object but was array"),
                error("array of object", n -> n.array("redis"), "redis: expected array but was object"),
                error("stringList of string", n -> n.stringList("rule_name"), "rule_name: expected array but was string"),
                error(
                        "stringList with null element",
                        n -> n.array("rule_items").get(2).stringList("hosts"),
                        "rule_items[2].hosts[1]: expected string but was null"),
                error(
                        "keyed access on array element",
                        n -> n.array("rule_items").get(1).string("limit_keys"),
                        "rule_items[1]: expected object but was array"),
                error(
                        "asObject of array element",
                        n -> n.array("rule_items").get(1).asObject(),
                        "rule_items[1]: expected object but was array"),
                error("has on array", n -> n.node("tags").has("x"), "tags: expected object but was array"),
                error("isNull on number", n -> n.node("qps").isNull("x"), "qps: expected object but was number"),
                error("keys on string", n -> n.node("rule_name").keys(), "rule_name: expected object but was string"),
                error("asInt of string element", n -> n.array("tags").get(0).asInt(), "tags[0]: expected integer but was string"),
                error("asLong of boolean", n -> n.node("enabled").asLong(), "enabled: expected integer but was boolean"),
                error("asList of string", n -> n.node("rule_name").asList(), "rule_name: expected array but was string"),
                error("asString of object", n -> n.node("redis").asString(), "redis: expected string but was object"),
                error("asBool of null", n -> n.node("nothing").asBool(), "nothing: expected boolean but was null"),
                error("asDecimal of array", n -> n.node("tags").asDecimal(), "tags: expected number but was array"),
                error("optional string of number", n -> n.string("qps", "def"), "qps: expected string but was number"),
                error("optional integer of string", n -> n.integer("rule_name", 1), "rule_name: expected integer but was string"),
                error("optional long of fraction", n -> n.longValue("ratio", 1L), "ratio: expected integer but was 0.25"),
                error("optional decimal of boolean", n -> n.decimal("enabled", 1.0), "enabled: expected number but was boolean"),
                error("optional bool of number", n -> n.bool("qps", true), "qps: expected boolean but was number"),
                error("optional object of array", n -> n.optionalObject("tags"), "tags: expected object but was array"),
                error("optional array of object", n -> n.array("redis", List.of()), "redis: expected array but was object"),
                error(
                        "optional stringList of number array",
                        n -> n.array("rule_items").get(0).array("limit_keys").get(0).stringList("key", List.of()),
                        "rule_items[0].limit_keys[0].key: expected array but was string"),
                error("key needing brackets", n -> n.object("x.y").string(""), "[\"x.y\"][\"\"]: expected string but was number"));
    }

    private static Arguments error(String name, Function<ConfigNode, Object> access, String message) {
        return argumentSet(name, access, message);
    }

    @ParameterizedTest
    @MethodSource("errors")
    void reportsWrongShapeWithPath(Function<ConfigNode, Object> access, String message) {
        assertThatThrownBy(() -> access.apply(root))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void reportsWrongShapeOfRoot() {
        ConfigNode arrayRoot = ConfigNode.parse("[{\"a\": 1}]");

        assertThatThrownBy(() -> arrayRoot.string("a")).hasMessage("$: expected object but was array");
        assertThatThrownBy(() -> arrayRoot.asList().get(0).string("a")).hasMessage("[0].a: expected string but was number");
    }

    @Test
    void exceptionCarriesPathAndProblem() {
        assertThatThrownBy(() -> root.object("redis").integer("service_port", 1, 65535))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> {
                            assertThat(e.path()).isEqualTo("redis.service_port");
                            assertThat(e.problem()).isEqualTo("must be between 1 and 65535 but was 70000");
                        });
    }

    @Test
    void buildsPluginSpecificErrorsForKeysAndNodes() {
        ConfigNode item = root.array("rule_items").get(0);

        ConfigException forKey =
                root.error("query_per_second", "only one of query_per_second, query_per_minute may be set");
        ConfigException forNestedKey = root.object("redis").error("timeout", "must be a whole number of milliseconds");
        ConfigException forNode = item.error("needs limit_by_header or limit_by_param");
        ConfigException forRoot = root.error("no rules configured");

        assertThat(forKey)
                .hasMessage("query_per_second: only one of query_per_second, query_per_minute may be set");
        assertThat(forNestedKey).hasMessage("redis.timeout: must be a whole number of milliseconds");
        assertThat(forNode).hasMessage("rule_items[0]: needs limit_by_header or limit_by_param");
        assertThat(forRoot).hasMessage("$: no rules configured");
    }

    @Test
    void quotesOddKeysInPluginSpecificErrors() {
        assertThat(root.error("", "must not be empty")).hasMessage("[\"\"]: must not be empty");
        assertThat(root.error("a\ud800", "bad")).hasMessage("[\"a\\ud800\"]: bad");
        assertThat(root.error("\ud83d\ude00", "bad")).hasMessage("\ud83d\ude00: bad");
        assertThat(root.object("redis").error(":authority", "bad")).hasMessage("redis.:authority: bad");
    }

    @Test
    void createsExceptionAtAnyPath() {
        ConfigException e = ConfigException.at("rule_items[3].key", "must not be empty");

        assertThat(e).isInstanceOf(RuntimeException.class).hasMessage("rule_items[3].key: must not be empty");
        assertThat(e.path()).isEqualTo("rule_items[3].key");
        assertThat(e.problem()).isEqualTo("must not be empty");
        assertThatThrownBy(() -> ConfigException.at(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ConfigException.at("x", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void reportsMalformedInputAsSyntaxException() {
        assertThatThrownBy(() -> ConfigNode.parse("{\"a\": 1,}"))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessage("line 1 column 9 (offset 8): expected '\"' but was '}'");
        assertThatThrownBy(() -> ConfigNode.parse(new byte[] {'{', (byte) 0xFF}))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessage("line 1 column 2 (offset 1): invalid UTF-8 byte 0xFF");
    }

    @Test
    void toStringShowsPathButNoValues() {
        assertThat(root.object("redis")).hasToString("ConfigNode(redis)");
        assertThat(root).hasToString("ConfigNode($)");
    }

    @Test
    void rejectsNullRoot() {
        assertThatThrownBy(() -> ConfigNode.root(null)).isInstanceOf(NullPointerException.class);
    }

    /** How a plugin reads its configuration: the rate-limit rules of a Higress-style config, as whole values. */
    @Test
    void readsRealisticPluginConfiguration() throws IOException {
        byte[] utf8;
        try (InputStream in = getClass().getResourceAsStream("/config/corpus/cluster-key-rate-limit.json")) {
            utf8 = in.readAllBytes();
        }
        ConfigNode config = ConfigNode.parse(utf8);

        List<String> rules = new ArrayList<>();
        for (ConfigNode item : config.array("rule_items")) {
            String by = item.keys().get(0);
            for (ConfigNode key : item.array("limit_keys")) {
                String unit = key.keys().get(1);
                rules.add(by + "=" + item.string(by) + " " + key.string("key") + " " + unit + "=" + key.integer(unit, 1, 1_000_000));
            }
        }
        ConfigNode redis = config.object("redis");

        assertThat(config.string("rule_name")).isEqualTo("routeA-global-limit");
        assertThat(config.object("global_threshold").integer("query_per_second")).isEqualTo(1000);
        assertThat(rules)
                .containsExactly(
                        "limit_by_header=x-api-key example-key-123456 query_per_second=10",
                        "limit_by_header=x-api-key example-key-456789 query_per_minute=100",
                        "limit_by_per_ip=from-header-x-forwarded-for 1.1.1.1 query_per_day=10",
                        "limit_by_per_ip=from-header-x-forwarded-for 1.1.1.0/24 query_per_day=100",
                        "limit_by_per_ip=from-header-x-forwarded-for 0.0.0.0/0 query_per_day=1000",
                        "limit_by_consumer= consumer1 query_per_second=10",
                        "limit_by_consumer= regexp:^consumer2.* query_per_hour=100");
        assertThat(config.bool("show_limit_quota_header", false)).isTrue();
        assertThat(config.integer("rejected_code", 429, 100, 599)).isEqualTo(429);
        assertThat(redis.integer("service_port", 6379, 1, 65535)).isEqualTo(6379);
        assertThat(redis.string("username", null)).isNull();
        assertThat(redis.string("password", null)).isEmpty();
        assertThat(redis.integer("timeout", 1000, 1, 60_000)).isEqualTo(1000);
        assertThat(redis.integer("database", 0, 0, 15)).isEqualTo(0);
    }
}
