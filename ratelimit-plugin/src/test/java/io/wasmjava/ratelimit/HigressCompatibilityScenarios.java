package io.wasmjava.ratelimit;

import static io.wasmjava.ratelimit.RateLimitScenarios.PREFIX;
import static io.wasmjava.ratelimit.RateLimitScenarios.REQUEST;
import static io.wasmjava.ratelimit.RateLimitScenarios.RESPONSE;
import static io.wasmjava.ratelimit.RateLimitScenarios.json;
import static io.wasmjava.ratelimit.RateLimitScenarios.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.host.RedisInit;
import io.wasmjava.redis.resp.RespDecoder;
import io.wasmjava.redis.resp.RespValue;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility table: Higress's {@code cluster-key-rate-limit} is the oracle. Every row is a case from Higress's
 * own tests or README, or an edge its code implies, and its name cites the file and line it comes from. Rows where
 * this plugin deliberately differs are marked {@code DIVERGES} and listed, with the reason, in the module README.
 * {@link HigressCompatibilityTest} runs the table on the JVM and {@link HigressCompatibilityWasmIT} against the
 * compiled module.
 *
 * <p>Sources: {@code config.go}, {@code main.go}, {@code util/utils.go}, {@code config/config_test.go},
 * {@code main_test.go} and {@code README_EN.md} are alibaba/higress @4e0d6914 (2026-04-30)
 * {@code plugins/wasm-go/extensions/cluster-key-rate-limit/}; {@code gjson.go} is tidwall/gjson v1.18.0 and
 * {@code tree.go} asergeyev/nradix @3872ab85 (both pinned by that plugin's go.mod); {@code net/url} and {@code net}
 * are Go 1.24's, the toolchain of that go.mod.
 */
abstract class HigressCompatibilityScenarios extends PluginScenarios {
    static final String KEY = "higress-cluster-key-rate-limit:";
    /** The Redis section of Higress's tests (main_test.go:35-39). */
    static final String TEST_REDIS = "'redis': {'service_name': 'redis.static', 'service_port': 6379}";
    /** The Redis section of Higress's README examples (README_EN.md:88-89). */
    static final String README_REDIS = "'redis': {'service_name': 'redis.static'}";

    // ---- the configurations of Higress's tests and README ----

    /** The item of main_test.go:165-182 and README_EN.md:151-162. */
    static final String IP_ITEM = "{'limit_by_per_ip': 'from-header-x-forwarded-for', 'limit_keys': ["
            + "{'key': '1.1.1.1', 'query_per_day': 10}, {'key': '1.1.1.0/24', 'query_per_day': 100}, "
            + "{'key': '0.0.0.0/0', 'query_per_day': 1000}]}";
    /** The exact item of README_EN.md:98-103. */
    static final String PARAM_LIMIT_ITEM = "{'limit_by_param': 'apikey', 'limit_keys': ["
            + "{'key': '9a342114-ba8a-11ec-b1bf-00163e1250b5', 'query_per_minute': 10}, "
            + "{'key': 'a6a6d7f2-ba8a-11ec-bec2-00163e1250b5', 'query_per_hour': 100}]}";

    /** main_test.go:29-45. */
    static final String GLOBAL_THRESHOLD = json("{'rule_name': 'routeA-global-limit-rule', "
            + "'global_threshold': {'query_per_minute': 1000}, "
            + "'redis': {'service_name': 'redis.static', 'service_port': 6379, 'timeout': 1000}, "
            + "'show_limit_quota_header': true, 'rejected_code': 429, 'rejected_msg': 'Too many requests'}");
    /** main_test.go:48-73. */
    static final String PARAM_LIMIT = testRule("routeA-request-param-limit-rule", PARAM_LIMIT_ITEM, "");
    /** main_test.go:76-101. */
    static final String HEADER_LIMIT = testRule("routeA-request-header-limit-rule", "{'limit_by_header': 'x-ca-key', "
            + "'limit_keys': [{'key': '102234', 'query_per_minute': 10}, {'key': '308239', 'query_per_hour': "
            + "10}]}", "");
    /** main_test.go:104-129. */
    static final String CONSUMER_LIMIT = testRule("routeA-consumer-limit-rule", "{'limit_by_consumer': '', "
            + "'limit_keys': [{'key': 'consumer1', 'query_per_second': 10}, {'key': 'consumer2', "
            + "'query_per_hour': 100}]}", "");
    /** The rejection of main_test.go:155-156 and README_EN.md:217-218: status 200 and a JSON body. */
    static final String JSON_REJECTION = "'rejected_code': 200, "
            + "'rejected_msg': '{\\\"code\\\":-1,\\\"msg\\\":\\\"Too many requests\\\"}', ";
    /** main_test.go:132-159. */
    static final String COOKIE_LIMIT = testRule("routeA-cookie-limit-rule", "{'limit_by_cookie': 'key1', "
            + "'limit_keys': [{'key': 'value1', 'query_per_minute': 10}, {'key': 'value2', 'query_per_hour': 100}]}",
            JSON_REJECTION);
    /** main_test.go:162-191. */
    static final String IP_LIMIT = testRule("routeA-client-ip-limit-rule", IP_ITEM, "");
    /** main_test.go:194-223. */
    static final String REGEXP_LIMIT = testRule("routeA-regexp-limit-rule", "{'limit_by_per_param': 'apikey', "
            + "'limit_keys': [{'key': 'regexp:^a.*', 'query_per_second': 10}, {'key': 'regexp:^b.*', "
            + "'query_per_minute': 100}, {'key': '*', 'query_per_hour': 1000}]}", "");

    /** README_EN.md:84-91. */
    static final String README_GLOBAL = json("{'rule_name': 'routeA-global-limit-rule', "
            + "'global_threshold': {'query_per_minute': 1000}, " + README_REDIS + ", 'show_limit_quota_header': true}");
    /** README_EN.md:95-118. */
    static final String README_PARAM = readmeRule("routeA-request-param-limit-rule", PARAM_LIMIT_ITEM + ", "
            + readmePerItem("limit_by_per_param", "apikey"), "");
    /** README_EN.md:122-145: the keys are YAML numbers, so JSON numbers. */
    static final String README_HEADER = readmeRule("routeA-request-header-limit-rule", "{'limit_by_header': "
            + "'x-ca-key', 'limit_keys': [{'key': 102234, 'query_per_minute': 10}, {'key': 308239, "
            + "'query_per_hour': 10}]}, " + readmePerItem("limit_by_per_header", "x-ca-key"), "");
    /** README_EN.md:149-166. */
    static final String README_IP = readmeRule("routeA-client-ip-limit-rule", IP_ITEM, "");
    /** README_EN.md:170-193. */
    static final String README_CONSUMER = readmeRule("routeA-consumer-limit-rule", "{'limit_by_consumer': '', "
            + "'limit_keys': [{'key': 'consumer1', 'query_per_second': 10}, {'key': 'consumer2', "
            + "'query_per_hour': 100}]}, " + readmePerItem("limit_by_per_consumer", ""), "");
    /** README_EN.md:197-222. */
    static final String README_COOKIE = readmeRule("routeA-cookie-limit-rule", "{'limit_by_cookie': 'key1', "
            + "'limit_keys': [{'key': 'value1', 'query_per_minute': 10}, {'key': 'value2', 'query_per_hour': 100}]}, "
            + readmePerItem("limit_by_per_cookie", "key1"), JSON_REJECTION);

    /** The per-value item of README_EN.md's examples (e.g. :104-114): ^a 10/s, ^b 100/min, the rest 1000/h. */
    static String readmePerItem(String field, String name) {
        return "{'" + field + "': '" + name + "', 'limit_keys': [{'key': 'regexp:^a.*', 'query_per_second': 10}, "
                + "{'key': 'regexp:^b.*', 'query_per_minute': 100}, {'key': '*', 'query_per_hour': 1000}]}";
    }

    /** A rule as Higress's tests write it: its items, Higress's test Redis and the quota headers on. */
    static String testRule(String ruleName, String items, String extra) {
        return json("{'rule_name': '" + ruleName + "', 'rule_items': [" + items + "], " + extra + TEST_REDIS
                + ", 'show_limit_quota_header': true}");
    }

    /** A rule as Higress's README writes it: its items, the README's Redis and the quota headers on. */
    static String readmeRule(String ruleName, String items, String extra) {
        return json("{'rule_name': '" + ruleName + "', 'rule_items': [" + items + "], " + extra + README_REDIS
                + ", 'show_limit_quota_header': true}");
    }

    /** A configuration of rule routeA: {@code fields} (single-quoted JSON members) and Higress's test Redis. */
    static String routeA(String fields) {
        return json("{'rule_name': 'routeA', " + fields + ", " + TEST_REDIS + "}");
    }

    /** A configuration of rule routeA with one rule item. */
    static String item(String item) {
        return routeA("'rule_items': [" + item + "]");
    }

    // ---- configurations accepted or refused ----

    /** A configuration and Higress's verdict: null if it loads, else the error after our path. */
    record ConfigRow(String name, String config, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ConfigRow loads(String name, String config) {
        return new ConfigRow(name, config, null);
    }

    static ConfigRow refuses(String name, String config, String error) {
        return new ConfigRow(name, config, error);
    }

    static Stream<ConfigRow> configurations() {
        String noType = "failed to parse rule_item in rule_items: only one of 'limit_by_header' and 'limit_by_param' "
                + "and 'limit_by_consumer' and 'limit_by_cookie' and 'limit_by_per_header' and 'limit_by_per_param' "
                + "and 'limit_by_per_consumer' and 'limit_by_per_cookie' and 'limit_by_per_ip' can be set";
        String itemError = "failed to parse rule_item in rule_items: ";
        String aKey = "'limit_keys': [{'key': 'a', 'query_per_second': 1}]";
        return Stream.of(
                refuses("config_test.go:19 MissingRuleName", json("{" + TEST_REDIS + "}"),
                        "rule_name: missing rule_name in config"),
                refuses("config_test.go:24 GlobalThreshold_InvalidThreshold",
                        json("{'rule_name': 'invalid-threshold', 'global_threshold': {'query_per_minute': -100}, "
                                + TEST_REDIS + "}"),
                        "global_threshold.query_per_minute: failed to parse global_threshold: 'query_per_minute' must "
                                + "be a positive integer, got -100"),
                loads("config_test.go:34 GlobalThreshold_QueryPerSecond", json("{'rule_name': 'global-route-limit', "
                        + "'global_threshold': {'query_per_second': 100}, " + TEST_REDIS + "}")),
                loads("config_test.go:52 GlobalThreshold_QueryPerMinute", json("{'rule_name': 'global-route-limit', "
                        + "'global_threshold': {'query_per_minute': 1000}, " + TEST_REDIS + "}")),
                refuses("config_test.go:70 RuleItems_InvalidThreshold", json("{'rule_name': 'invalid-threshold', "
                        + "'rule_items': [{'limit_by_header': 'x-test', 'limit_keys': [{'key': 'key1', "
                        + "'query_per_minute': -100}]}], " + TEST_REDIS + "}"),
                        "rule_items[0].limit_keys[0].query_per_minute: failed to parse rule_item in rule_items: "
                                + "'query_per_minute' must be a positive integer for key 'key1', got -100"),
                loads("config_test.go:85 RuleItems_SingleRule", json("{'rule_name': 'rule-based-limit', "
                        + "'rule_items': [{'limit_by_header': 'x-test', 'limit_keys': [{'key': 'key1', "
                        + "'query_per_second': 10}]}], " + TEST_REDIS + "}")),
                loads("config_test.go:118 RuleItems_MultipleRules", json("{'rule_name': 'multi-rule-limit', "
                        + "'rule_items': [{'limit_by_param': 'user_id', 'limit_keys': [{'key': '123', "
                        + "'query_per_hour': 50}]}, {'limit_by_per_cookie': 'session_id', 'limit_keys': [{'key': '*', "
                        + "'query_per_day': 100}]}], " + TEST_REDIS + "}")),
                refuses("config_test.go:169 Conflict_GlobalThresholdAndRuleItems", json("{'rule_name': "
                        + "'test-conflict', "
                        + "'global_threshold': {'query_per_second': 100}, 'rule_items': [{'limit_by_header': "
                        + "'x-test'}], "
                        + TEST_REDIS + "}"), "$: 'global_threshold' and 'rule_items' cannot be set at the same time"),
                refuses("config_test.go:177 Missing_GlobalThresholdAndRuleItems",
                        json("{'rule_name': 'test-missing', " + TEST_REDIS + "}"),
                        "$: at least one of 'global_threshold' or 'rule_items' must be set"),
                loads("config_test.go:185 Custom_RejectedCodeAndMessage", json("{'rule_name': 'custom-reject', "
                        + "'rejected_code': 403, 'rejected_msg': 'Forbidden', 'global_threshold': "
                        + "{'query_per_second': 100}, " + TEST_REDIS + "}")),
                loads("config_test.go:203 ShowLimitQuotaHeader_Enabled", json("{'rule_name': 'show-header', "
                        + "'show_limit_quota_header': true, 'global_threshold': {'query_per_second': 100}, "
                        + TEST_REDIS + "}")),
                loads("main_test.go:29 globalThresholdConfig", GLOBAL_THRESHOLD),
                loads("main_test.go:48 paramLimitConfig", PARAM_LIMIT),
                loads("main_test.go:76 headerLimitConfig", HEADER_LIMIT),
                loads("main_test.go:104 consumerLimitConfig", CONSUMER_LIMIT),
                loads("main_test.go:132 cookieLimitConfig (rejected_code 200)", COOKIE_LIMIT),
                loads("main_test.go:162 ipLimitConfig", IP_LIMIT),
                loads("main_test.go:194 regexpLimitConfig", REGEXP_LIMIT),
                loads("README_EN.md:84 global threshold", README_GLOBAL),
                loads("README_EN.md:95 by parameter apikey", README_PARAM),
                loads("README_EN.md:122 by header x-ca-key, numeric keys", README_HEADER),
                loads("README_EN.md:149 by client IP", README_IP),
                loads("README_EN.md:170 by consumer", README_CONSUMER),
                loads("README_EN.md:197 by cookie", README_COOKIE),
                // Redis comes first (main.go:91-94).
                refuses("config.go:96-98 no redis, checked before rule_name", "{}", "redis: missing redis in config"),
                refuses("config.go:96-98 no redis", json("{'rule_name': 'r', 'global_threshold': "
                        + "{'query_per_second': 1}}"), "redis: missing redis in config"),
                refuses("config.go:101-104 empty service_name", json("{'rule_name': 'r', 'global_threshold': "
                        + "{'query_per_second': 1}, 'redis': {'service_name': ''}}"),
                        "redis.service_name: redis service name must not be empty"),
                refuses("config.go:96,101 redis null exists, its service_name is empty", json("{'rule_name': 'r', "
                        + "'global_threshold': {'query_per_second': 1}, 'redis': null}"),
                        "redis.service_name: redis service name must not be empty"),
                loads("config.go:106 service_port as a string",
                        json("{'rule_name': 'r', 'global_threshold': {'query_per_second': 1}, "
                                + "'redis': {'service_name': 'redis.dns', 'service_port': '6379'}}")),
                loads("config.go:116-117 numeric password", json("{'rule_name': 'r', 'global_threshold': "
                        + "{'query_per_second': 1}, 'redis': {'service_name': 'redis.dns', 'password': 123456}}")),
                loads("config.go:127 misspelt Redis field ignored", json("{'rule_name': 'r', 'global_threshold': "
                        + "{'query_per_second': 1}, 'redis': {'service_name': 'redis.dns', 'pasword': 'x'}}")),
                // rule_name only has to exist (config.go:132-136).
                loads("config.go:133 rule_name null", json("{'rule_name': null, 'global_threshold': "
                        + "{'query_per_second': 1}, " + TEST_REDIS + "}")),
                loads("config.go:133 rule_name empty", json("{'rule_name': '', 'global_threshold': "
                        + "{'query_per_second': 1}, " + TEST_REDIS + "}")),
                loads("config.go:133 numeric rule_name", json("{'rule_name': 123, 'global_threshold': "
                        + "{'query_per_second': 1}, " + TEST_REDIS + "}")),
                refuses("config.go:168-173 global_threshold null beside rule_items exists",
                        routeA("'global_threshold': null, 'rule_items': [{'limit_by_header': 'x-k', " + aKey + "}]"),
                        "$: 'global_threshold' and 'rule_items' cannot be set at the same time"),
                refuses("config.go:178-181,232 global_threshold null", routeA("'global_threshold': null"),
                        "global_threshold: failed to parse global_threshold: one of 'query_per_second', "
                                + "'query_per_minute', 'query_per_hour', or 'query_per_day' must be set for "
                                + "global_threshold"),
                loads("gjson.go:118 count as a string", routeA("'global_threshold': {'query_per_minute': '100'}")),
                refuses("gjson.go:118 count as a word reads as 0", routeA("'global_threshold': {'query_per_minute': "
                        + "'abc'}"), "global_threshold.query_per_minute: failed to parse global_threshold: "
                        + "'query_per_minute' must be a positive integer, got 0"),
                refuses("gjson.go:130 count 0.5 truncates to 0", routeA("'global_threshold': {'query_per_second': "
                        + "0.5}"),
                        "global_threshold.query_per_second: failed to parse global_threshold: 'query_per_second' must "
                                + "be a positive integer, got 0"),
                loads("gjson.go:130 count 1.9 truncates to 1", routeA("'global_threshold': {'query_per_second': 1.9}")),
                loads("gjson.go:122 count true reads as 1", routeA("'global_threshold': {'query_per_second': true}")),
                loads("config.go:70 count beyond int32", routeA("'global_threshold': {'query_per_minute': "
                        + "10000000000}")),
                refuses("config.go:222 count null exists and reads as 0", routeA("'global_threshold': "
                        + "{'query_per_second': null}"), "global_threshold.query_per_second: failed to parse "
                        + "global_threshold: 'query_per_second' must be a positive integer, got 0"),
                loads("config.go:219 two query_per_* (Higress: a random one)", routeA("'global_threshold': "
                        + "{'query_per_day': 9, 'query_per_second': 5}")),
                refuses("config.go:188-190 rule_items empty", routeA("'rule_items': []"),
                        "rule_items: config rule_items cannot be empty"),
                refuses("gjson.go:196 rule_items null is an empty list", routeA("'rule_items': null"),
                        "rule_items: config rule_items cannot be empty"),
                loads("gjson.go:199 rule_items one object stands for a list",
                        routeA("'rule_items': {'limit_by_header': 'x-k', " + aKey + "}")),
                refuses("gjson.go:199 rule_items a string is an item without a type", routeA("'rule_items': 'abc'"),
                        "rule_items: " + noType),
                refuses("config.go:241 an empty limit_by_header is unset", item("{'limit_by_header': "
                        + "'', " + aKey + "}"),
                        "rule_items[0]: " + noType),
                refuses("config.go:288-289 no limit_by_*", item("{" + aKey + "}"), "rule_items[0]: " + noType),
                loads("config.go:246-247 two limit_by_*: the last in Higress's order wins",
                        item("{'limit_by_param': 'p', 'limit_by_header': 'x-k', " + aKey + "}")),
                loads("config.go:253-257 limit_by_consumer null counts", item("{'limit_by_consumer': null, " + aKey
                        + "}")),
                loads("config.go:253-257 limit_by_consumer with a header name, ignored",
                        item("{'limit_by_consumer': 'x-user', " + aKey + "}")),
                refuses("config.go:268-272 from-header- without a name", item("{'limit_by_per_ip': 'from-header-', "
                        + "'limit_keys': [{'key': '1.1.1.1', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_by_per_ip: " + itemError
                                + "limit_by_per_ip parse error: empty after 'from-header-'"),
                refuses("config.go:282-283 unknown IP source", item("{'limit_by_per_ip': 'remote', "
                        + "'limit_keys': [{'key': '1.1.1.1', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_by_per_ip: " + itemError + "the 'limit_by_per_ip' restriction must start "
                                + "with 'from-header-' or be exactly 'from-remote-addr'"),
                refuses("config.go:304-306 no limit_keys", item("{'limit_by_header': 'x-k'}"),
                        "rule_items[0].limit_keys: " + itemError + "missing limit_keys in config"),
                refuses("config.go:307-309 limit_keys empty", item("{'limit_by_header': 'x-k', 'limit_keys': []}"),
                        "rule_items[0].limit_keys: " + itemError + "config limit_keys cannot be empty"),
                refuses("config.go:307-309 limit_keys null", item("{'limit_by_header': 'x-k', 'limit_keys': null}"),
                        "rule_items[0].limit_keys: " + itemError + "config limit_keys cannot be empty"),
                loads("config.go:311 limit_keys one object", item("{'limit_by_header': 'x-k', 'limit_keys': "
                        + "{'key': 'a', 'query_per_second': 1}}")),
                refuses("config.go:313-315 key missing", item("{'limit_by_header': 'x-k', 'limit_keys': "
                        + "[{'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: " + itemError + "limit_keys key is required"),
                refuses("config.go:313-315 key empty", item("{'limit_by_header': 'x-k', 'limit_keys': "
                        + "[{'key': '', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: " + itemError + "limit_keys key is required"),
                refuses("config.go:313-315 a limit_keys element that is not an object",
                        item("{'limit_by_header': 'x-k', 'limit_keys': ['a']}"),
                        "rule_items[0].limit_keys[0].key: " + itemError + "limit_keys key is required"),
                loads("config.go:318 numeric key (README_EN.md:127)", item("{'limit_by_header': 'x-ca-key', "
                        + "'limit_keys': [{'key': 102234, 'query_per_minute': 10}]}")),
                loads("config.go:347-349 * key with an exact type is literal (issue #3310)",
                        item("{'limit_by_header': 'x-k', 'limit_keys': [{'key': '*', 'query_per_second': 1}]}")),
                loads("config.go:347-349 regexp: key with an exact type is literal",
                        item("{'limit_by_param': 'p', 'limit_keys': [{'key': 'regexp:^a', 'query_per_second': 1}]}")),
                refuses("config.go:339-341 lookahead (Go's RE2 has none)", item("{'limit_by_per_header': 'x-k', "
                        + "'limit_keys': [{'key': 'regexp:(?=a)', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: " + itemError + "failed to compile regex for key "
                                + "'regexp:(?=a)': error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
                refuses("config.go:339-341 backreference", item("{'limit_by_per_header': 'x-k', "
                        + "'limit_keys': [{'key': 'regexp:(a)\\\\1', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: " + itemError + "failed to compile regex for key "
                                + "'regexp:(a)\\1': error parsing regexp: invalid escape sequence: `\\1`"),
                refuses("config.go:339-341 unclosed group", item("{'limit_by_per_param': 'p', "
                        + "'limit_keys': [{'key': 'regexp:(ab', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: " + itemError + "failed to compile regex for key "
                                + "'regexp:(ab': error parsing regexp: missing closing ): `(ab`"),
                loads("config.go:339 POSIX class", item("{'limit_by_per_header': 'x-k', "
                        + "'limit_keys': [{'key': 'regexp:^[[:digit:]]+$', 'query_per_second': 1}]}")),
                loads("config.go:336-339 empty regexp", item("{'limit_by_per_header': 'x-k', "
                        + "'limit_keys': [{'key': 'regexp:', 'query_per_second': 1}]}")),
                refuses("config.go:344-346 exact key with a per type", item("{'limit_by_per_header': 'x-k', "
                        + "'limit_keys': [{'key': 'abc', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: " + itemError
                                + "the 'limit_by_per_header' restriction must start with 'regexp:' or be exactly '*'"),
                refuses("config.go:325-328,tree.go:75 ::ffff: key is read as IPv4 and refused",
                        item("{'limit_by_per_ip': 'from-remote-addr', 'limit_keys': [{'key': '::ffff:10.0.0.1', "
                                + "'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: " + itemError + "failed to parse IPNet for key "
                                + "'::ffff:10.0.0.1': invalid IP[::ffff:10.0.0.1]"),
                refuses("tree.go:478 two dots", item("{'limit_by_per_ip': 'from-remote-addr', 'limit_keys': "
                        + "[{'key': '10.0.0/8', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: " + itemError + "failed to parse IPNet for key "
                                + "'10.0.0/8': invalid IP[10.0.0/8]"),
                refuses("tree.go:512 (net.ParseCIDR) IPv6 length 129", item("{'limit_by_per_ip': 'from-remote-addr', "
                        + "'limit_keys': [{'key': '2001:db8::/129', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: " + itemError + "failed to parse IPNet for key "
                                + "'2001:db8::/129': invalid IP[2001:db8::/129]"),
                loads("tree.go:497 IPv4 length 33", item("{'limit_by_per_ip': 'from-remote-addr', "
                        + "'limit_keys': [{'key': '10.0.0.0/33', 'query_per_second': 1}]}")),
                loads("tree.go:489-497 empty IPv4 length", item("{'limit_by_per_ip': 'from-remote-addr', "
                        + "'limit_keys': [{'key': '10.0.0.0/', 'query_per_second': 1}]}")),
                loads("tree.go:469-473 leading zeros and an empty part", item("{'limit_by_per_ip': 'from-remote-addr', "
                        + "'limit_keys': [{'key': '010.0..1', 'query_per_second': 1}]}")),
                refuses("config.go:379 no count for a key", item("{'limit_by_header': 'x-k', 'limit_keys': "
                        + "[{'key': 'a'}]}"), "rule_items[0].limit_keys[0]: " + itemError + "one of "
                        + "'query_per_second', "
                        + "'query_per_minute', 'query_per_hour', or 'query_per_day' must be set for key: a"),
                loads("config.go:148-150 rejected_code 99", routeA("'global_threshold': {'query_per_second': 1}, "
                        + "'rejected_code': 99")),
                loads("config.go:148-150 rejected_code as a string", routeA("'global_threshold': "
                        + "{'query_per_second': 1}, 'rejected_code': '403'")),
                loads("config.go:144-145 show_limit_quota_header as a string", routeA("'global_threshold': "
                        + "{'query_per_second': 1}, 'show_limit_quota_header': 'true'")),
                loads("config.go:155-157 rejected_msg null", routeA("'global_threshold': {'query_per_second': 1}, "
                        + "'rejected_msg': null")),
                loads("unknown fields are ignored everywhere", routeA("'rejected_message': 'x', 'rule_items': "
                        + "[{'limit_by_header': 'x-k', 'limit_key': 1, 'limit_keys': [{'key': 'a', 'qps': 3, "
                        + "'query_per_second': 1}]}]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void acceptsAndRefusesConfigurationsAsHigress(ConfigRow row) {
        PluginHarness harness = track(harness().config(row.config()).build());
        boolean started = harness.start();

        if (row.error() == null) {
            assertThat(started).as("started; logs: %s", harness.logRecords()).isTrue();
            assertThat(harness.logs(LogLevel.ERROR)).isEmpty();
        } else {
            assertThat(started).isFalse();
            assertThat(harness.logs(LogLevel.ERROR)).containsExactly(
                    PREFIX + "parse rule config failed: " + row.error(), PREFIX + "plugin start failed");
        }
    }

    // ---- what Higress ignores is reported once at WARN ----

    /** A configuration Higress loads, and the warnings it gets here (none where Higress's reading is what it says). */
    record WarningRow(String name, String config, List<String> warnings) {
        @Override
        public String toString() {
            return name;
        }
    }

    static WarningRow warns(String name, String config, String... warnings) {
        return new WarningRow(name, config, List.of(warnings));
    }

    static Stream<WarningRow> warnings() {
        String aKey = "'limit_keys': [{'key': 'a', 'query_per_second': 1}]";
        return Stream.of(
                warns("README_EN.md:122 numeric keys read as their text: nothing to report", README_HEADER),
                warns("README_EN.md:170 limit_by_consumer '': nothing to report", README_CONSUMER),
                warns("gjson.go:118 a count written as a string: nothing to report",
                        routeA("'global_threshold': {'query_per_minute': '100'}")),
                warns("an unknown field", routeA("'global_threshold': {'query_per_second': 1}, 'rejected_message': "
                        + "'x'"),
                        "rejected_message: unknown field (Higress ignores it)"),
                warns("unknown fields in redis, an item and a key", json("{'rule_name': 'r', "
                        + "'rule_items': [{'limit_by_header': 'x-k', 'limit_key': 1, 'limit_keys': [{'key': 'a', "
                        + "'qps': 3, 'query_per_second': 1}]}], 'redis': {'service_name': 'redis.dns', "
                        + "'pasword': 'x'}}"),
                        "redis.pasword: unknown field (Higress ignores it)",
                        "rule_items[0].limit_key: unknown field (Higress ignores it)",
                        "rule_items[0].limit_keys[0].qps: unknown field (Higress ignores it)"),
                warns("config.go:246-286 the last limit_by_* wins",
                        item("{'limit_by_header': 'x-k', 'limit_by_param': 'p', " + aKey + "}"),
                        "rule_items[0].limit_by_header: ignored: limit_by_param is also set and wins, as in Higress, "
                                + "which reads the limit_by_* fields in a fixed order and keeps the last one set"),
                warns("config.go:241 an empty limit_by_* counts as unset",
                        item("{'limit_by_header': '', 'limit_by_param': 'p', " + aKey + "}"),
                        "rule_items[0].limit_by_header: ignored: empty, so it counts as unset (as in Higress)"),
                warns("config.go:241 a null limit_by_* counts as unset",
                        item("{'limit_by_cookie': null, 'limit_by_param': 'p', " + aKey + "}"),
                        "rule_items[0].limit_by_cookie: ignored: null counts as unset (as in Higress)"),
                warns("config.go:253-257 the value of limit_by_consumer is ignored",
                        item("{'limit_by_consumer': 'x-user', " + aKey + "}"),
                        "rule_items[0].limit_by_consumer: the value is ignored: the consumer is always read from the "
                                + "x-mse-consumer header (as in Higress)"),
                warns("config.go:219 two query_per_*", routeA("'global_threshold': {'query_per_day': 9, "
                        + "'query_per_second': 5}"),
                        "global_threshold.query_per_day: ignored: query_per_second is also set and this plugin uses "
                                + "the shortest window set (Higress uses one of them at random)"),
                warns("config.go:347-349 * with an exact type",
                        item("{'limit_by_header': 'x-k', 'limit_keys': [{'key': '*', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: matches only the value \"*\" itself: \"*\" and \"regexp:\" "
                                + "keys are patterns only with limit_by_per_* types (Higress reads them the same way)"),
                warns("gjson.go:130 a fraction is truncated", routeA("'global_threshold': {'query_per_second': 1.9}"),
                        "global_threshold.query_per_second: expected integer but was 1.9 (Higress reads it as 1)"),
                warns("gjson.go:103 a boolean Go cannot parse is false", routeA("'global_threshold': "
                        + "{'query_per_second': 1}, 'show_limit_quota_header': 'yes'"),
                        "show_limit_quota_header: expected boolean but was string \"yes\" (Higress reads it as false)"),
                warns("config.go:148-150 a status outside 200-599", routeA("'global_threshold': "
                        + "{'query_per_second': 1}, 'rejected_code': 1000"),
                        "rejected_code: must be between 200 and 599 but was 1000 (Higress accepts it and sends it as "
                                + "the status)"),
                // Go's uint64(+Inf) saturates at 2^64-1, and uint32() keeps its low 32 bits. Read in bounded time and
                // memory, whatever the exponent.
                warns("gjson.go:164-165 a status with a huge exponent saturates", routeA("'global_threshold': "
                        + "{'query_per_second': 1}, 'rejected_code': 1e999999999"),
                        "rejected_code: expected integer between 0 and 4294967295 but was 1e999999999 (Higress reads "
                                + "it as 4294967295)",
                        "rejected_code: must be between 200 and 599 but was 4294967295 (Higress accepts it and sends "
                                + "it as the status)"),
                warns("tree.go:497 an IPv4 length above 32", item("{'limit_by_per_ip': 'from-remote-addr', "
                        + "'limit_keys': [{'key': '10.0.0.0/33', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: the length \"33\" is read by Higress as 0, so the key "
                                + "covers every client, IPv4 and IPv6"),
                warns("tree.go:491-497 no IPv4 length after the slash", item("{'limit_by_per_ip': 'from-remote-addr', "
                        + "'limit_keys': [{'key': '10.0.0.0/', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: the length \"\" is read by Higress as 0, so the key covers "
                                + "every client, IPv4 and IPv6"),
                warns("tree.go:452-485 leading zeros and an empty part", item("{'limit_by_per_ip': 'from-remote-addr', "
                        + "'limit_keys': [{'key': '010.0..1', 'query_per_second': 1}]}"),
                        "rule_items[0].limit_keys[0].key: the address is read by Higress as 10.0.0.1"),
                warns("README_EN.md:149 IP keys as written: nothing to report", README_IP),
                warns("config.go:155-157 rejected_msg null is empty, not the default", routeA("'global_threshold': "
                        + "{'query_per_second': 1}, 'rejected_msg': null"),
                        "rejected_msg: null is read as \"\" (as in Higress, not as the default)"),
                warns("config.go:133 an empty rule_name", json("{'rule_name': '', 'global_threshold': "
                        + "{'query_per_second': 1}, " + TEST_REDIS + "}"),
                        "rule_name: empty: every configuration without a name shares its counters (Higress accepts "
                                + "it)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warnings")
    void reportsWhatHigressIgnoresOnceAtWarn(WarningRow row) {
        PluginHarness harness = start(row.config());

        List<String> expected = new ArrayList<>();
        row.warnings().forEach(warning -> expected.add(PREFIX + warning));
        assertThat(harness.logs(LogLevel.WARN)).containsExactlyElementsOf(expected);
    }

    // ---- the Redis key and the script's arguments for each request ----

    /** A request: headers, and the host properties it comes with (source address, raw attributes). */
    record Req(Headers headers, List<String> propertyPaths, List<byte[]> propertyValues) {
        static Req of(String path, String... headers) {
            return new Req(request(path, headers), List.of(), List.of());
        }

        /** This request from the connection address {@code address} ({@code source.address}). */
        Req from(String address) {
            return with(List.of("source", "address"), address.getBytes(StandardCharsets.UTF_8));
        }

        /** This request with the host property {@code path} (dot-separated) set to {@code value}. */
        Req with(List<String> path, byte[] value) {
            List<String> paths = new ArrayList<>(propertyPaths);
            paths.add(String.join("\u0000", path));
            List<byte[]> values = new ArrayList<>(propertyValues);
            values.add(value);
            return new Req(headers, paths, values);
        }
    }

    /**
     * A request against a configuration and what Higress sends Redis for it: the key (non-ASCII bytes as
     * {@code \xNN}), the threshold and the window; a null key if the request is not limited.
     */
    record KeyRow(String name, String config, Req request, String key, long threshold, int window) {
        @Override
        public String toString() {
            return name;
        }
    }

    static KeyRow keyRow(String name, String config, Req request, String key, long threshold, int window) {
        return new KeyRow(name, config, request, key, threshold, window);
    }

    static KeyRow unlimited(String name, String config, Req request) {
        return new KeyRow(name, config, request, null, 0, 0);
    }

    static Stream<KeyRow> keys() {
        String paramRule = KEY + "routeA-request-param-limit-rule:";
        String headerRule = KEY + "routeA-request-header-limit-rule:";
        String consumerRule = KEY + "routeA-consumer-limit-rule:";
        String cookieRule = KEY + "routeA-cookie-limit-rule:";
        String ipRule = KEY + "routeA-client-ip-limit-rule:";
        String perHeader = item("{'limit_by_per_header': 'x-user', 'limit_keys': [{'key': '*', 'query_per_second': "
                + "5}]}");
        String perParam = item("{'limit_by_per_param': 'apikey', 'limit_keys': [{'key': '*', 'query_per_minute': 5}]}");
        String perCookie = item("{'limit_by_per_cookie': 'sid', 'limit_keys': [{'key': '*', 'query_per_day': 5}]}");
        String perConsumer = item("{'limit_by_per_consumer': '', 'limit_keys': [{'key': '*', 'query_per_hour': 5}]}");
        String remote = item("{'limit_by_per_ip': 'from-remote-addr', 'limit_keys': [{'key': '10.0.0.0/8', "
                + "'query_per_minute': 5}]}");
        String anyIpv6 = item("{'limit_by_per_ip': 'from-header-x-real-ip', 'limit_keys': [{'key': '::/0', "
                + "'query_per_minute': 5}]}");
        String v6Prefix = item("{'limit_by_per_ip': 'from-header-x-real-ip', 'limit_keys': [{'key': "
                + "'2001:db8::/32', 'query_per_minute': 5}]}");
        String routeA = KEY + "routeA:";
        return Stream.of(
                keyRow("main_test.go:373 global threshold", GLOBAL_THRESHOLD, Req.of("/api/test"),
                        KEY + "routeA-global-limit-rule:global_threshold:60", 1000, 60),
                keyRow("main_test.go:396 param", PARAM_LIMIT,
                        Req.of("/api/test?apikey=9a342114-ba8a-11ec-b1bf-00163e1250b5"),
                        paramRule + "limit_by_param:60:apikey:9a342114-ba8a-11ec-b1bf-00163e1250b5", 10, 60),
                keyRow("main_test.go:419 header", HEADER_LIMIT, Req.of("/api/test", "x-ca-key", "102234"),
                        headerRule + "limit_by_header:60:x-ca-key:102234", 10, 60),
                keyRow("main_test.go:443 consumer", CONSUMER_LIMIT, Req.of("/api/test", "x-mse-consumer", "consumer1"),
                        consumerRule + "limit_by_consumer:1:x-mse-consumer:consumer1", 10, 1),
                keyRow("main_test.go:467 cookie", COOKIE_LIMIT, Req.of("/api/test", "cookie", "key1=value1; "
                        + "other=value"),
                        cookieRule + "limit_by_cookie:60:key1:value1", 10, 60),
                keyRow("main_test.go:491 client IP from x-forwarded-for", IP_LIMIT,
                        Req.of("/api/test", "x-forwarded-for", "1.1.1.1"),
                        ipRule + "limit_by_per_ip:86400:from-header-x-forwarded-for:1.1.1.1", 10, 86400),
                keyRow("README_EN.md:102 second apikey", README_PARAM,
                        Req.of("/?apikey=a6a6d7f2-ba8a-11ec-bec2-00163e1250b5"),
                        paramRule + "limit_by_param:3600:apikey:a6a6d7f2-ba8a-11ec-bec2-00163e1250b5", 100, 3600),
                keyRow("README_EN.md:107 apikey starting with a", README_PARAM, Req.of("/?apikey=abc"),
                        paramRule + "limit_by_per_param:1:apikey:abc", 10, 1),
                keyRow("README_EN.md:110 apikey starting with b", README_PARAM, Req.of("/?apikey=bcd"),
                        paramRule + "limit_by_per_param:60:apikey:bcd", 100, 60),
                keyRow("README_EN.md:113 any other apikey", README_PARAM, Req.of("/?apikey=zzz"),
                        paramRule + "limit_by_per_param:3600:apikey:zzz", 1000, 3600),
                unlimited("main.go:201-203 no apikey", README_PARAM, Req.of("/?other=1")),
                keyRow("README_EN.md:127 numeric key 102234", README_HEADER, Req.of("/", "x-ca-key", "102234"),
                        headerRule + "limit_by_header:60:x-ca-key:102234", 10, 60),
                keyRow("README_EN.md:129 numeric key 308239", README_HEADER, Req.of("/", "x-ca-key", "308239"),
                        headerRule + "limit_by_header:3600:x-ca-key:308239", 10, 3600),
                keyRow("README_EN.md:140 other header values per value", README_HEADER, Req.of("/", "x-ca-key", "z1"),
                        headerRule + "limit_by_per_header:3600:x-ca-key:z1", 1000, 3600),
                keyRow("main.go:186 (proxy_get_header_map_value) the first of a repeated header", README_HEADER,
                        Req.of("/", "x-ca-key", "102234", "x-ca-key", "308239"),
                        headerRule + "limit_by_header:60:x-ca-key:102234", 10, 60),
                keyRow("README_EN.md:155 exact client IP", README_IP, Req.of("/", "x-forwarded-for", "1.1.1.1"),
                        ipRule + "limit_by_per_ip:86400:from-header-x-forwarded-for:1.1.1.1", 10, 86400),
                keyRow("README_EN.md:158 client IP in 1.1.1.0/24", README_IP,
                        Req.of("/", "x-forwarded-for", "1.1.1.9, 10.0.0.1"),
                        ipRule + "limit_by_per_ip:86400:from-header-x-forwarded-for:1.1.1.9", 100, 86400),
                keyRow("README_EN.md:161 any IPv4 client", README_IP, Req.of("/", "x-forwarded-for", "8.8.8.8"),
                        ipRule + "limit_by_per_ip:86400:from-header-x-forwarded-for:8.8.8.8", 1000, 86400),
                keyRow("README_EN.md:161,tree.go:170-206 0.0.0.0/0 also covers IPv6 clients", README_IP,
                        Req.of("/", "x-forwarded-for", "2001:DB8::1"),
                        ipRule + "limit_by_per_ip:86400:from-header-x-forwarded-for:2001:db8::1", 1000, 86400),
                keyRow("tree.go:209-265 ::/0 also covers IPv4 clients", anyIpv6, Req.of("/", "x-real-ip", "10.0.0.1"),
                        routeA + "limit_by_per_ip:60:from-header-x-real-ip:10.0.0.1", 5, 60),
                keyRow("tree.go:374-393 an IPv4 client walks the first 32 bits of 2001:db8::/32", v6Prefix,
                        Req.of("/", "x-real-ip", "32.1.13.184"),
                        routeA + "limit_by_per_ip:60:from-header-x-real-ip:32.1.13.184", 5, 60),
                unlimited("tree.go:374-393 outside 2001:db8::/32", v6Prefix, Req.of("/", "x-real-ip", "32.1.13.185")),
                keyRow("main.go:277 remote address", remote, Req.of("/").from("10.1.2.3:5678"),
                        routeA + "limit_by_per_ip:60:from-remote-addr:10.1.2.3", 5, 60),
                unlimited("main.go:231-236 remote address outside every key", remote,
                        Req.of("/").from("192.168.0.1:5678")),
                keyRow("utils.go:28-29 bracketed IPv6 with a port", anyIpv6,
                        Req.of("/", "x-real-ip", "[2001:db8:0::1]:443"),
                        routeA + "limit_by_per_ip:60:from-header-x-real-ip:2001:db8::1", 5, 60),
                keyRow("utils.go:23-25 IPv4 with a port", anyIpv6, Req.of("/", "x-real-ip", "10.0.0.1:80:90"),
                        routeA + "limit_by_per_ip:60:from-header-x-real-ip:10.0.0.1", 5, 60),
                keyRow("utils.go:30 hex IPv4-mapped is IPv4", remote, Req.of("/").from("::ffff:a01:203"),
                        routeA + "limit_by_per_ip:60:from-remote-addr:10.1.2.3", 5, 60),
                keyRow("DIVERGES utils.go:23-25 dotted ::ffff: from the remote address (Higress: not limited)", remote,
                        Req.of("/").from("[::ffff:10.1.2.3]:5678"),
                        routeA + "limit_by_per_ip:60:from-remote-addr:10.1.2.3", 5, 60),
                keyRow("DIVERGES utils.go:23-25 dotted ::ffff: in a header (Higress: not limited)", anyIpv6,
                        Req.of("/", "x-real-ip", "::ffff:10.0.0.1"),
                        routeA + "limit_by_per_ip:60:from-header-x-real-ip:10.0.0.1", 5, 60),
                keyRow("DIVERGES main.go:273 spaces around the first element (Higress: not limited)", anyIpv6,
                        Req.of("/", "x-real-ip", "10.0.0.1 , 10.0.0.2"),
                        routeA + "limit_by_per_ip:60:from-header-x-real-ip:10.0.0.1", 5, 60),
                keyRow("DIVERGES utils.go:23-25 IPv6 with an embedded IPv4 (Higress: not limited)", anyIpv6,
                        Req.of("/", "x-real-ip", "64:ff9b::10.0.0.1"),
                        routeA + "limit_by_per_ip:60:from-header-x-real-ip:64:ff9b::a00:1", 5, 60),
                unlimited("main.go:226-230 not an address: the next item", anyIpv6,
                        Req.of("/", "x-real-ip", "unknown")),
                keyRow("README_EN.md:177 second consumer", README_CONSUMER, Req.of("/", "x-mse-consumer", "consumer2"),
                        consumerRule + "limit_by_consumer:3600:x-mse-consumer:consumer2", 100, 3600),
                keyRow("README_EN.md:182 consumer starting with a", README_CONSUMER,
                        Req.of("/", "x-mse-consumer", "alice"),
                        consumerRule + "limit_by_per_consumer:1:x-mse-consumer:alice", 10, 1),
                keyRow("DIVERGES main.go:208 repeated x-mse-consumer: the auth plugin's last one (Higress: the "
                        + "client's first)", perConsumer,
                        Req.of("/", "x-mse-consumer", "mallory", "x-mse-consumer", "bob"),
                        routeA + "limit_by_per_consumer:3600:x-mse-consumer:bob", 5, 3600),
                keyRow("README_EN.md:204 second cookie value", README_COOKIE, Req.of("/", "cookie", "key1=value2"),
                        cookieRule + "limit_by_cookie:3600:key1:value2", 100, 3600),
                keyRow("README_EN.md:212 cookie value starting with "
                        + "b", README_COOKIE, Req.of("/", "cookie", "a=1;key1=bob"),
                        cookieRule + "limit_by_per_cookie:60:key1:bob", 100, 60),
                keyRow("utils.go:54-56 a cookie value ends at its second =", perCookie,
                        Req.of("/", "cookie", "sid=YWJj==; "
                                + "a=1"), routeA + "limit_by_per_cookie:86400:sid:YWJj", 5, 86400),
                keyRow("utils.go:52 cookie pairs are trimmed", perCookie, Req.of("/", "cookie", "a=1;\t sid=s1 \t"),
                        routeA + "limit_by_per_cookie:86400:sid:s1", 5, 86400),
                unlimited("main.go:220-222 an empty cookie value", perCookie, Req.of("/", "cookie", "sid=; a=1")),
                unlimited("utils.go:55 a cookie without = (Higress panics)", perCookie, Req.of("/", "cookie", "sid")),
                keyRow("url.ParseQuery decodes + and %XX", perParam, Req.of("/api?apikey=a+b%20c%2B"),
                        routeA + "limit_by_per_param:60:apikey:a b c+", 5, 60),
                keyRow("url.ParseQuery keeps a decoded byte that is not UTF-8 raw", perParam,
                        Req.of("/api?apikey=caf%E9"), routeA + "limit_by_per_param:60:apikey:caf\\xe9", 5, 60),
                keyRow("url.ParseQuery: the first value", perParam, Req.of("/api?apikey=one&apikey=two"),
                        routeA + "limit_by_per_param:60:apikey:one", 5, 60),
                keyRow("url.Parse: the query ends at #", perParam, Req.of("/api?apikey=one#x"),
                        routeA + "limit_by_per_param:60:apikey:one", 5, 60),
                unlimited("url.Parse: a ? after # is in the fragment", perParam, Req.of("/api#x?apikey=one")),
                keyRow("DIVERGES url.ParseQuery: ; anywhere in the query (Higress: not limited)", perParam,
                        Req.of("/api?x=1;apikey=one"), routeA + "limit_by_per_param:60:apikey:one", 5, 60),
                keyRow("DIVERGES url.ParseQuery: a bad escape in another pair (Higress: not limited)", perParam,
                        Req.of("/api?x=%zz&apikey=one"), routeA + "limit_by_per_param:60:apikey:one", 5, 60),
                keyRow("DIVERGES url.Parse: a bad escape in the path (Higress: not limited)", perParam,
                        Req.of("/a%zz?apikey=one"), routeA + "limit_by_per_param:60:apikey:one", 5, 60),
                keyRow("main.go:119 the raw bytes of a header value (request.headers attribute)", perHeader,
                        Req.of("/", "x-user", "caf\uFFFD").with(List.of("request", "headers", "x-user"),
                                new byte[] {'c', 'a', 'f', (byte) 0xe9}),
                        routeA + "limit_by_per_header:1:x-user:caf\\xe9", 5, 1),
                keyRow("main.go:186 the raw bytes of the first of two values", perHeader,
                        Req.of("/", "x-user", "a,\uFFFD", "x-user", "b").with(List.of("request", "headers", "x-user"),
                                new byte[] {'a', ',', (byte) 0xff, ',', 'b'}),
                        routeA + "limit_by_per_header:1:x-user:a,\\xff", 5, 1),
                keyRow("main.go:193 the raw bytes of the path (request.path attribute)", perParam,
                        Req.of("/api?apikey=\uFFFD").with(List.of("request", "path"),
                                new byte[] {'/', 'a', 'p', 'i', '?', 'a', 'p', 'i', 'k', 'e', 'y', '=', (byte) 0xfe}),
                        routeA + "limit_by_per_param:60:apikey:\\xfe", 5, 60),
                keyRow("main.go:258 a regexp: key also matches its own text", item("{'limit_by_per_header': 'x-k', "
                        + "'limit_keys': [{'key': 'regexp:^b', 'query_per_second': 5}]}"),
                        Req.of("/", "x-k", "regexp:^b"), routeA + "limit_by_per_header:1:x-k:regexp:^b", 5, 1),
                keyRow("config.go:339 POSIX class", item("{'limit_by_per_header': 'x-k', 'limit_keys': "
                        + "[{'key': 'regexp:^[[:digit:]]+$', 'query_per_second': 5}]}"), Req.of("/", "x-k", "2024"),
                        routeA + "limit_by_per_header:1:x-k:2024", 5, 1),
                keyRow("config.go:336-339 empty regexp matches every value", item("{'limit_by_per_header': 'x-k', "
                        + "'limit_keys': [{'key': 'regexp:', 'query_per_second': 5}]}"), Req.of("/", "x-k", "any"),
                        routeA + "limit_by_per_header:1:x-k:any", 5, 1),
                keyRow("config.go:347-349 * with an exact type matches the value *", item("{'limit_by_header': 'x-k', "
                        + "'limit_keys': [{'key': '*', 'query_per_second': 5}]}"), Req.of("/", "x-k", "*"),
                        routeA + "limit_by_header:1:x-k:*", 5, 1),
                unlimited("config.go:347-349 * with an exact type matches nothing else", item("{'limit_by_header': "
                        + "'x-k', 'limit_keys': [{'key': '*', 'query_per_second': 5}]}"), Req.of("/", "x-k", "abc")),
                keyRow("config.go:246-251 the last limit_by_* wins", item("{'limit_by_param': 'apikey', "
                        + "'limit_by_header': 'x-k', 'limit_by_per_cookie': 'sid', 'limit_keys': [{'key': '*', "
                        + "'query_per_second': 5}]}"), Req.of("/?apikey=p", "x-k", "h", "cookie", "sid=c"),
                        routeA + "limit_by_per_cookie:1:sid:c", 5, 1),
                keyRow("config.go:253-257 limit_by_consumer null after a header", item("{'limit_by_consumer': null, "
                        + "'limit_by_header': 'x-k', 'limit_keys': [{'key': 'bob', 'query_per_second': 5}]}"),
                        Req.of("/", "x-k", "bob", "x-mse-consumer", "bob"),
                        routeA + "limit_by_consumer:1:x-mse-consumer:bob", 5, 1),
                keyRow("main.go:170-176 an item that does not apply passes to the next", routeA("'rule_items': ["
                        + "{'limit_by_per_ip': 'from-header-x-real-ip', 'limit_keys': [{'key': '0.0.0.0/0', "
                        + "'query_per_second': 5}]}, {'limit_by_per_header': 'x-user', 'limit_keys': [{'key': '*', "
                        + "'query_per_minute': 7}]}]"), Req.of("/", "x-user", "u1"),
                        routeA + "limit_by_per_header:60:x-user:u1", 7, 60),
                keyRow("tree.go:497 10.0.0.0/33 covers every client", item("{'limit_by_per_ip': 'from-remote-addr', "
                        + "'limit_keys': [{'key': '10.0.0.0/33', 'query_per_second': 5}]}"),
                        Req.of("/").from("[2001:db8::7]:1"), routeA + "limit_by_per_ip:1:from-remote-addr:2001:db8::7",
                        5, 1),
                keyRow("config.go:133 null rule_name is empty", json("{'rule_name': null, 'global_threshold': "
                        + "{'query_per_second': 1}, " + TEST_REDIS + "}"), Req.of("/"),
                        KEY + ":global_threshold:1", 1, 1),
                keyRow("config.go:133 numeric rule_name", json("{'rule_name': 123, 'global_threshold': "
                        + "{'query_per_second': 1}, " + TEST_REDIS + "}"), Req.of("/"),
                        KEY + "123:global_threshold:1", 1, 1),
                keyRow("gjson.go:130 count 1.9 is 1", routeA("'global_threshold': {'query_per_second': 1.9}"),
                        Req.of("/"), routeA + "global_threshold:1", 1, 1),
                keyRow("gjson.go:122 count true is 1", routeA("'global_threshold': {'query_per_hour': true}"),
                        Req.of("/"), routeA + "global_threshold:3600", 1, 3600),
                keyRow("config.go:70 count beyond int32", routeA("'global_threshold': {'query_per_day': 10000000000}"),
                        Req.of("/"), routeA + "global_threshold:86400", 10_000_000_000L, 86400),
                keyRow("config.go:219 two query_per_*: the shortest window here", routeA("'global_threshold': "
                        + "{'query_per_day': 9, 'query_per_second': 5}"), Req.of("/"),
                        routeA + "global_threshold:1", 5, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void sendsHigressRedisKeyAndArguments(KeyRow row) {
        PluginHarness harness = start(row.config());
        HttpStream stream = harness.newStream();
        for (int i = 0; i < row.request().propertyPaths().size(); i++) {
            stream.property(Arrays.asList(row.request().propertyPaths().get(i).split("\u0000")),
                    row.request().propertyValues().get(i));
        }

        HeaderStatus status = stream.requestHeaders(row.request().headers(), true);

        if (row.key() == null) {
            assertThat(status).isEqualTo(HeaderStatus.CONTINUE);
            assertThat(harness.pendingRedisCalls()).isEmpty();
            return;
        }
        assertThat(status).isEqualTo(HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(harness.pendingRedisCalls()).singleElement().satisfies(call -> {
            List<RespValue> arguments = RespDecoder.decodeOne(call.query()).asArray();
            assertThat(RequestValue.printable(arguments.get(3).asBytes())).isEqualTo(row.key());
            assertThat(arguments.get(4).asLong()).isEqualTo(row.threshold());
            assertThat(arguments.get(5).asLong()).isEqualTo(row.window());
        });
    }

    // ---- headers on allowed and rejected requests ----

    /**
     * A configuration, the script's reply ({@code threshold, current, ttl}) and what the client gets: for an allowed
     * request the upstream's response ({@link RateLimitScenarios#RESPONSE}) plus {@code headers}; for a rejected one
     * the local reply.
     */
    record HeaderRow(String name, String config, Headers request, long[] reply, Headers allowedHeaders,
            LocalResponse rejection) {
        @Override
        public String toString() {
            return name;
        }
    }

    static HeaderRow allowed(String name, String config, long[] reply, String... headers) {
        return new HeaderRow(name, config, REQUEST, reply, Headers.of(headers), null);
    }

    static HeaderRow rejected(String name, String config, long[] reply, int status, String body, String... headers) {
        return rejected(name, config, REQUEST, reply, status, body, headers);
    }

    static HeaderRow rejected(String name, String config, Headers request, long[] reply, int status, String body,
            String... headers) {
        return new HeaderRow(name, config, request, reply, null, new LocalResponse(status,
                "cluster-key-rate-limit.rejected", body.getBytes(StandardCharsets.UTF_8), Headers.of(headers), -1));
    }

    static long[] reply(long threshold, long current, long ttl) {
        return new long[] {threshold, current, ttl};
    }

    static Stream<HeaderRow> headers() {
        String hidden = json("{'rule_name': 'routeA-global-limit-rule', 'global_threshold': {'query_per_minute': "
                + "1000}, "
                + TEST_REDIS + ", 'show_limit_quota_header': false}");
        String plain = routeA("'global_threshold': {'query_per_minute': 3}");
        String additions = routeA("'global_threshold': {'query_per_minute': 3}, 'show_limit_quota_header': true, "
                + "'retry_after_header': true, 'reset_header_on_allowed': true, 'ietf_headers': true");
        return Stream.of(
                allowed("main_test.go:546-580 show_limit_quota_header on an allowed request", GLOBAL_THRESHOLD,
                        reply(1000, 999, 60), "x-ratelimit-limit", "1000", "x-ratelimit-remaining", "1"),
                allowed("main_test.go:582-630 quota headers hidden", hidden, reply(1000, 999, 60)),
                allowed("main_test.go:634-673 the first request of a window", GLOBAL_THRESHOLD, reply(1000, 1, 60),
                        "x-ratelimit-limit", "1000", "x-ratelimit-remaining", "999"),
                allowed("main.go:142-147 the last request the limit allows", plain, reply(3, 3, 12)),
                rejected("main_test.go:515-542 rejected, with quota headers", GLOBAL_THRESHOLD, reply(1000, 1001, 60),
                        429, "Too many requests", "x-ratelimit-limit", "1000", "x-ratelimit-remaining", "0",
                        "x-ratelimit-reset", "60"),
                rejected("main.go:291-300 rejected: the reset always, the TTL as Redis reports it", plain,
                        reply(3, 4, 17), 429, "Too many requests", "x-ratelimit-reset", "17"),
                rejected("main_test.go:132-159 rejected_code 200 and a JSON message", COOKIE_LIMIT,
                        request("/api/test", "cookie", "key1=value1; other=value"), reply(10, 11, 30), 200,
                        "{\"code\":-1,\"msg\":\"Too many requests\"}", "x-ratelimit-limit", "10",
                        "x-ratelimit-remaining", "0", "x-ratelimit-reset", "30"),
                rejected("config_test.go:185 rejected_code 403 and message Forbidden", json("{'rule_name': "
                        + "'custom-reject', 'rejected_code': 403, 'rejected_msg': 'Forbidden', 'global_threshold': "
                        + "{'query_per_second': 100}, " + TEST_REDIS + "}"), reply(100, 101, 1), 403, "Forbidden",
                        "x-ratelimit-reset", "1"),
                rejected("config.go:148-150 rejected_code 1000 is sent as it is", routeA("'global_threshold': "
                        + "{'query_per_minute': 3}, 'rejected_code': 1000"), reply(3, 4, 5), 1000, "Too many requests",
                        "x-ratelimit-reset", "5"),
                rejected("gjson.go:144 rejected_code -1 is 0", routeA("'global_threshold': {'query_per_minute': 3}, "
                        + "'rejected_code': -1"), reply(3, 4, 5), 0, "Too many requests", "x-ratelimit-reset", "5"),
                rejected("config.go:155-157 rejected_msg null is an empty body", routeA("'global_threshold': "
                        + "{'query_per_minute': 3}, 'rejected_msg': null"), reply(3, 4, 5), 429, "",
                        "x-ratelimit-reset", "5"),
                allowed("additions on an allowed request", additions, reply(3, 1, 45), "x-ratelimit-limit", "3",
                        "x-ratelimit-remaining", "2", "x-ratelimit-reset", "45", "ratelimit-policy",
                        "\"routeA\";q=3;w=60", "ratelimit", "\"routeA\";r=2;t=45"),
                rejected("additions on a rejected request", additions, reply(3, 4, 0), 429, "Too many requests",
                        "x-ratelimit-limit", "3", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "0",
                        "retry-after", "1", "ratelimit-policy", "\"routeA\";q=3;w=60", "ratelimit",
                        "\"routeA\";r=0;t=0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void setsHigressHeaders(HeaderRow row) {
        PluginHarness harness = start(row.config());
        HttpStream stream = harness.newStream();
        stream.requestHeaders(row.request(), true);
        PendingRedisCall call = harness.pendingRedisCalls().get(0);

        call.reply("*3\r\n:" + row.reply()[0] + "\r\n:" + row.reply()[1] + "\r\n:" + row.reply()[2] + "\r\n");

        if (row.rejection() != null) {
            assertThat(stream.localResponses()).containsExactly(row.rejection());
            assertThat(stream.requestResumed()).isFalse();
            return;
        }
        assertThat(stream.requestResumed()).isTrue();
        stream.responseHeaders(RESPONSE, true);
        Headers.Builder expected = RESPONSE.newBuilder();
        for (int i = 0; i < row.allowedHeaders().size(); i++) {
            expected.add(row.allowedHeaders().name(i), row.allowedHeaders().value(i));
        }
        assertThat(stream.responseHeaders()).isEqualTo(expected.build());
    }

    // ---- Redis settings read with gjson's conversions ----

    /** A Redis section Higress reads, and the {@code proxy_redis_init} it leads to. */
    record RedisRow(String name, String redis, RedisInit init) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<RedisRow> redisSections() {
        String flush = "buffer_flush_timeout=3&max_buffer_size_before_flush=1024";
        return Stream.of(
                new RedisRow("main_test.go:35-39 the test Redis", TEST_REDIS.substring(9),
                        new RedisInit("outbound|6379||redis.static?" + flush, "", "", 1000)),
                new RedisRow("config.go:107-113 a .static service defaults to port 80", README_REDIS.substring(9),
                        new RedisInit("outbound|80||redis.static?" + flush, "", "", 1000)),
                new RedisRow("config.go:106,118,127 numbers as strings", "{'service_name': 'redis.dns', "
                        + "'service_port': '6380', 'timeout': '250', 'database': '2'}",
                        new RedisInit("outbound|6380||redis.dns?db=2&" + flush, "", "", 250)),
                new RedisRow("config.go:116-117 numeric username and password", "{'service_name': 'redis.dns', "
                        + "'username': 42, 'password': 123456}",
                        new RedisInit("outbound|6379||redis.dns?" + flush, "42", "123456", 1000)),
                new RedisRow("config.go:119-121 timeout 0 is the default", "{'service_name': 'redis.dns', "
                        + "'timeout': 0}", new RedisInit("outbound|6379||redis.dns?" + flush, "", "", 1000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redisSections")
    void initializesRedisAsHigress(RedisRow row) {
        PluginHarness harness = start(json("{'rule_name': 'r', 'global_threshold': {'query_per_second': 1}, "
                + "'redis': " + row.redis() + "}"));

        assertThat(harness.redisInits()).containsExactly(row.init());
    }
}
