package io.wasmjava.ratelimit;

import io.wasmjava.cluster.Cluster;
import io.wasmjava.cluster.Clusters;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.redis.RedisCallException;
import io.wasmjava.redis.RedisClient;
import io.wasmjava.redis.RedisOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parsed configuration: Higress {@code cluster-key-rate-limit}'s schema, checked strictly, plus the failure
 * policy, the circuit breaker and the IETF headers. See the module README for the full table.
 *
 * <p>Parsing validates every field first and only then initializes the Redis client, so an invalid configuration
 * never touches the host. If the host refuses {@code proxy_redis_init} (no Envoy cluster for the service yet), the
 * configuration still loads, as in current Higress: its SDK logs {@code failed to init redis: <error>, will retry
 * later} at WARN and retries the init before each command (higress-group/wasm-go {@code pkg/wrapper/redis_wrapper.go}
 * at 41d65dbb, the version Higress's plugin pins: lines 233-251; higress-group/higress#3307). The client does the
 * same ({@link RedisClient}), and each request that meets a failed init gets the failure policy. Everything that
 * fails later, per request, gets the failure policy.
 *
 * <p>The fields are fixed at parse time; the Redis client and the circuit breaker carry runtime state. The Redis
 * password is passed to the client and kept nowhere else; no message or {@link #toString} contains it.
 */
final class RateLimitConfig {
    /** How requests fare when the limit cannot be checked. */
    enum FailureMode {
        /** Let the request through without rate-limit headers (Higress's behaviour, and the default). */
        ALLOW,
        /** Answer {@code failure_status} with {@code failure_msg}. */
        DENY
    }

    static final int DEFAULT_REJECTED_CODE = 429;
    static final String DEFAULT_REJECTED_MSG = "Too many requests";
    static final int DEFAULT_FAILURE_STATUS = 503;
    static final String DEFAULT_FAILURE_MSG = "rate limit service unavailable";
    static final int DEFAULT_REDIS_TIMEOUT_MILLIS = 1000;
    static final int DEFAULT_REDIS_PORT = 6379;

    private static final List<String> FIELDS = fields("rule_name", "global_threshold", "rule_items",
            "show_limit_quota_header", "rejected_code", "rejected_msg", "redis", "failure_mode", "failure_status",
            "failure_msg", "circuit_breaker", "ietf_headers");
    private static final List<String> REDIS_FIELDS = fields("service_name", "service_port", "username", "password",
            "timeout", "database");
    private static final List<String> BREAKER_FIELDS = fields("failures", "open_seconds");

    private final String ruleName;
    /** The limit of a global_threshold rule; null for rule_items. */
    private final Limit globalLimit;
    private final List<RuleItem> ruleItems;
    private final boolean showLimitQuotaHeader;
    private final int rejectedCode;
    private final String rejectedMsg;
    private final FailureMode failureMode;
    private final int failureStatus;
    private final String failureMsg;
    private final boolean ietfHeaders;
    /** The rule name as a Structured Field string, for the IETF headers; null when they are off. */
    private final String policyName;
    private final int redisTimeoutMillis;
    /** The SHA-1 of the script, computed when the first configuration is parsed, not on the first request. */
    private final String scriptSha = FixedWindowScript.SHA1;
    private final RedisClient redis;
    /** Whether this configuration's Redis service takes EVALSHA; learned from its answers. */
    private final EvalshaSupport evalsha = new EvalshaSupport();
    private final CircuitBreaker breaker;

    private RateLimitConfig(ConfigNode json, PluginContext plugin) {
        for (String key : json.keys()) {
            // _rules_, _match_*_ and other _x_ keys belong to the SDK and the Higress control plane.
            boolean reserved = key.length() > 1 && key.startsWith("_") && key.endsWith("_");
            if (!reserved && !FIELDS.contains(key)) {
                throw json.error(key, "unknown field");
            }
        }
        this.ruleName = json.string("rule_name");
        if (ruleName.isEmpty()) {
            throw json.error("rule_name", "must not be empty");
        }
        boolean hasGlobal = !json.isNull("global_threshold");
        boolean hasItems = !json.isNull("rule_items");
        if (hasGlobal == hasItems) {
            throw json.error(hasGlobal ? "exactly one of global_threshold, rule_items may be set, but found both"
                    : "one of global_threshold, rule_items must be set");
        }
        if (hasGlobal) {
            ConfigNode global = json.object("global_threshold");
            for (String key : global.keys()) {
                if (!Quota.isField(key)) {
                    throw global.error(key, "unknown field");
                }
            }
            this.globalLimit = Limit.global(ruleName, Quota.parse(global));
            this.ruleItems = Collections.emptyList();
        } else {
            this.globalLimit = null;
            this.ruleItems = ruleItems(json, plugin);
        }
        this.showLimitQuotaHeader = json.bool("show_limit_quota_header", false);
        this.rejectedCode = json.integer("rejected_code", DEFAULT_REJECTED_CODE, 200, 599);
        this.rejectedMsg = json.string("rejected_msg", DEFAULT_REJECTED_MSG);
        String mode = json.string("failure_mode", "allow");
        if (!mode.equals("allow") && !mode.equals("deny")) {
            throw json.error("failure_mode", "must be \"allow\" or \"deny\" but was \"" + mode + "\"");
        }
        this.failureMode = mode.equals("allow") ? FailureMode.ALLOW : FailureMode.DENY;
        this.failureStatus = json.integer("failure_status", DEFAULT_FAILURE_STATUS, 200, 599);
        this.failureMsg = json.string("failure_msg", DEFAULT_FAILURE_MSG);
        this.ietfHeaders = json.bool("ietf_headers", false);
        this.policyName = ietfHeaders ? structuredString(json) : null;

        ConfigNode redisNode = json.object("redis");
        checkFields(redisNode, REDIS_FIELDS);
        String serviceName = redisNode.string("service_name");
        if (serviceName.isEmpty()) {
            throw redisNode.error("service_name", "must not be empty");
        }
        int servicePort = redisNode.integer("service_port", 0, 0, 65535);
        String username = redisNode.string("username", "");
        String password = redisNode.string("password", "");
        // 0 means "default" in Higress too, so UI forms that send 0 keep working.
        int timeout = redisNode.integer("timeout", 0, 0, 600_000);
        this.redisTimeoutMillis = timeout == 0 ? DEFAULT_REDIS_TIMEOUT_MILLIS : timeout;
        int database = redisNode.integer("database", 0, 0, Integer.MAX_VALUE);

        ConfigNode breakerNode = json.optionalObject("circuit_breaker");
        int failures = CircuitBreaker.DEFAULT_FAILURES;
        int openSeconds = CircuitBreaker.DEFAULT_OPEN_SECONDS;
        if (breakerNode != null) {
            checkFields(breakerNode, BREAKER_FIELDS);
            failures = breakerNode.integer("failures", failures, 0, 1_000_000);
            openSeconds = breakerNode.integer("open_seconds", openSeconds, 1, 86_400);
        }
        this.breaker = new CircuitBreaker(failures, openSeconds, redisTimeoutMillis);

        Cluster cluster;
        try {
            cluster = Clusters.fromService(serviceName, servicePort, DEFAULT_REDIS_PORT);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String field = message.startsWith("servicePort") ? "service_port" : "service_name";
            throw redisNode.error(field, message.substring(message.indexOf(':') + 1).trim());
        }
        this.redis = RedisClient.create(plugin, cluster);
        try {
            redis.init(username, password, redisTimeoutMillis, RedisOptions.newBuilder().database(database).build());
        } catch (RedisCallException e) {
            // Higress's wording and level (wasm-go redis_wrapper.go:249); the client retries the init per command.
            plugin.log().warn("failed to init redis: " + e.getMessage() + ", will retry later");
        }
    }

    /**
     * Parses and validates {@code json}, then initializes the Redis client; a refused init is logged at WARN and
     * retried before each command.
     *
     * @throws io.wasmjava.core.config.ConfigException naming the path of the first bad field
     */
    static RateLimitConfig parse(ConfigNode json, PluginContext plugin) {
        return new RateLimitConfig(json, plugin);
    }

    private static List<RuleItem> ruleItems(ConfigNode json, PluginContext plugin) {
        List<ConfigNode> nodes = json.array("rule_items");
        if (nodes.isEmpty()) {
            throw json.error("rule_items", "must not be empty");
        }
        List<RuleItem> items = new ArrayList<>(nodes.size());
        // One entry per (type, key name): the duplicate check stays linear in the number of items.
        Set<String> seen = new HashSet<>();
        for (ConfigNode node : nodes) {
            RuleItem item = RuleItem.parse(node);
            if (!seen.add(item.type().field() + '\0' + item.keyName())) {
                // Legal (the later item sees values the earlier one's keys missed) but usually a mistake.
                plugin.log().warn(node.path() + ": another item before it also uses " + item.type().field()
                        + " \"" + item.keyName() + "\"; the first item whose keys match wins");
            }
            items.add(item);
        }
        return Collections.unmodifiableList(items);
    }

    /** The rule name as an sf-string ({@code "name"}), which allows printable ASCII only. */
    private static String structuredString(ConfigNode json) {
        String name = json.string("rule_name");
        StringBuilder out = new StringBuilder(name.length() + 2).append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw json.error("rule_name", "must be printable ASCII when ietf_headers is true, as it names the "
                        + "RateLimit-Policy");
            }
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    private static void checkFields(ConfigNode node, List<String> known) {
        for (String key : node.keys()) {
            if (!known.contains(key)) {
                throw node.error(key, "unknown field");
            }
        }
    }

    private static List<String> fields(String... names) {
        List<String> list = new ArrayList<>(names.length);
        Collections.addAll(list, names);
        return Collections.unmodifiableList(list);
    }

    /**
     * Returns the limit for {@code http}: the global one, or that of the first rule item whose key source is present
     * and matches one of its {@code limit_keys}; null if the request is not limited.
     */
    Limit limitFor(HttpContext http) {
        if (globalLimit != null) {
            return globalLimit;
        }
        for (RuleItem item : ruleItems) {
            Limit limit = item.match(http, ruleName);
            if (limit != null) {
                return limit;
            }
        }
        return null;
    }

    String ruleName() {
        return ruleName;
    }

    boolean showLimitQuotaHeader() {
        return showLimitQuotaHeader;
    }

    int rejectedCode() {
        return rejectedCode;
    }

    String rejectedMsg() {
        return rejectedMsg;
    }

    FailureMode failureMode() {
        return failureMode;
    }

    int failureStatus() {
        return failureStatus;
    }

    String failureMsg() {
        return failureMsg;
    }

    boolean ietfHeaders() {
        return ietfHeaders;
    }

    /** The quoted policy name for {@code RateLimit}/{@code RateLimit-Policy}; null when {@link #ietfHeaders()} is off. */
    String policyName() {
        return policyName;
    }

    /** The SHA-1 that {@code EVALSHA} names the script by. */
    String scriptSha() {
        return scriptSha;
    }

    RedisClient redis() {
        return redis;
    }

    EvalshaSupport evalsha() {
        return evalsha;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    /** Names the rule and the Redis cluster; never the credentials. */
    @Override
    public String toString() {
        return "RateLimitConfig{" + ruleName + ", redis=" + redis.clusterName() + "}";
    }
}
