package io.wasmjava.ratelimit;

import io.wasmjava.cluster.Cluster;
import io.wasmjava.cluster.Clusters;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.config.GjsonReader;
import io.wasmjava.redis.RedisCallException;
import io.wasmjava.redis.RedisClient;
import io.wasmjava.redis.RedisOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parsed configuration: Higress {@code cluster-key-rate-limit}'s schema, read as Higress reads it (its
 * conversions, defaults and checks, in its order, with its error texts after the path of the field: see
 * {@link GjsonReader}), plus the failure policy, the circuit breaker and the optional headers. What Higress accepts
 * without a word is reported at WARN, or refused under {@code strict_config: true}. See the module README for the full
 * table.
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
    /** The largest {@code redis.timeout} under strict_config; Higress has no bound. */
    static final int STRICT_MAX_REDIS_TIMEOUT_MILLIS = 600_000;

    private static final List<String> FIELDS = fields("rule_name", "global_threshold", "rule_items",
            "show_limit_quota_header", "rejected_code", "rejected_msg", "redis", "strict_config", "failure_mode",
            "failure_status", "failure_msg", "circuit_breaker", "ietf_headers", "retry_after_header",
            "reset_header_on_allowed");
    private static final List<String> REDIS_FIELDS = fields("service_name", "service_port", "username", "password",
            "timeout", "database");
    private static final List<String> BREAKER_FIELDS = fields("failures", "open_seconds");

    private final byte[] ruleName;
    /** The limit of a global_threshold rule; null for rule_items. */
    private final Limit globalLimit;
    private final List<RuleItem> ruleItems;
    private final boolean showLimitQuotaHeader;
    /** The status of a rejection: any 32 bits, as Higress sends a uint32 (see {@link #rejectedCode()}). */
    private final int rejectedCode;
    private final String rejectedMsg;
    private final FailureMode failureMode;
    private final int failureStatus;
    private final String failureMsg;
    private final boolean ietfHeaders;
    private final boolean retryAfterHeader;
    private final boolean resetHeaderOnAllowed;
    /** The rule name as a Structured Field string, for the IETF headers; null when they are off. */
    private final String policyName;
    private final int redisTimeoutMillis;
    private final RedisClient redis;
    private final CircuitBreaker breaker;
    private final RateLimitMetrics metrics;

    private RateLimitConfig(ConfigNode json, PluginContext plugin) {
        GjsonReader reader = json.bool("strict_config", false) ? GjsonReader.strict()
                : GjsonReader.lenient(plugin.log()::warn);
        reader.unknownFields(json, FIELDS, true);
        // Higress reads redis first (main.go:91, config.go:95-121), so its errors come first.
        ConfigNode redisNode = GjsonReader.get(json, "redis");
        if (redisNode == null) {
            throw json.error("redis", "missing redis in config");
        }
        reader.unknownFields(redisNode, REDIS_FIELDS, false);
        String serviceName = reader.string(redisNode, "service_name");
        if (serviceName.isEmpty()) {
            throw redisNode.error("service_name", "redis service name must not be empty");
        }
        // Higress passes any port, timeout and database on; those outside these ranges can never reach Redis.
        int servicePort = (int) checkRange(redisNode, "service_port", reader.integer(redisNode, "service_port"), 0,
                65535);
        String username = reader.string(redisNode, "username");
        String password = reader.string(redisNode, "password");
        // 0 means "default" in Higress too, so UI forms that send 0 keep working.
        int timeout = (int) checkRange(redisNode, "timeout", reader.integer(redisNode, "timeout"), 0,
                reader.isStrict() ? STRICT_MAX_REDIS_TIMEOUT_MILLIS : Integer.MAX_VALUE);
        this.redisTimeoutMillis = timeout == 0 ? DEFAULT_REDIS_TIMEOUT_MILLIS : timeout;
        int database = (int) checkRange(redisNode, "database", reader.integer(redisNode, "database"), 0,
                Integer.MAX_VALUE);

        // config.go:132-136: present is enough; null, a number or "" are names too.
        if (!GjsonReader.exists(json, "rule_name")) {
            throw json.error("rule_name", "missing rule_name in config");
        }
        String name = reader.string(json, "rule_name");
        if (name.isEmpty()) {
            reader.tolerate(json.node("rule_name"), "empty: every configuration without a name shares its counters "
                    + "(Higress accepts it)");
        }
        this.ruleName = Utf8.encode(name);
        boolean hasGlobal = GjsonReader.exists(json, "global_threshold");
        boolean hasItems = GjsonReader.exists(json, "rule_items");
        if (!hasGlobal && !hasItems) {
            throw json.error("at least one of 'global_threshold' or 'rule_items' must be set");
        }
        if (hasGlobal && hasItems) {
            throw json.error("'global_threshold' and 'rule_items' cannot be set at the same time");
        }
        if (hasGlobal) {
            ConfigNode global = json.node("global_threshold");
            reader.unknownFields(global, Quota.FIELDS, false);
            this.globalLimit = Limit.global(ruleName, Quota.parseGlobal(reader, global));
            this.ruleItems = Collections.emptyList();
        } else {
            this.globalLimit = null;
            this.ruleItems = ruleItems(reader, json, plugin);
        }
        this.showLimitQuotaHeader = reader.bool(json, "show_limit_quota_header");
        if (GjsonReader.exists(json, "rejected_code")) {
            this.rejectedCode = reader.unsigned32(json, "rejected_code");
            if (rejectedCode < 200 || rejectedCode > 599) {
                reader.tolerate(json.node("rejected_code"), "must be between 200 and 599 but was "
                        + (rejectedCode & 0xffffffffL) + " (Higress accepts it and sends it as the status)");
            }
        } else {
            this.rejectedCode = DEFAULT_REJECTED_CODE;
        }
        this.rejectedMsg = GjsonReader.exists(json, "rejected_msg") ? reader.string(json, "rejected_msg")
                : DEFAULT_REJECTED_MSG;
        String mode = json.string("failure_mode", "allow");
        if (!mode.equals("allow") && !mode.equals("deny")) {
            throw json.error("failure_mode", "must be \"allow\" or \"deny\" but was \"" + mode + "\"");
        }
        this.failureMode = mode.equals("allow") ? FailureMode.ALLOW : FailureMode.DENY;
        this.failureStatus = json.integer("failure_status", DEFAULT_FAILURE_STATUS, 200, 599);
        this.failureMsg = json.string("failure_msg", DEFAULT_FAILURE_MSG);
        this.ietfHeaders = json.bool("ietf_headers", false);
        this.retryAfterHeader = json.bool("retry_after_header", false);
        this.resetHeaderOnAllowed = json.bool("reset_header_on_allowed", false);
        this.policyName = ietfHeaders ? structuredString(json, name) : null;

        ConfigNode breakerNode = json.optionalObject("circuit_breaker");
        int failures = CircuitBreaker.DEFAULT_FAILURES;
        int openSeconds = CircuitBreaker.DEFAULT_OPEN_SECONDS;
        if (breakerNode != null) {
            reader.unknownFields(breakerNode, BREAKER_FIELDS, false);
            failures = breakerNode.integer("failures", failures, 0, 1_000_000);
            openSeconds = breakerNode.integer("open_seconds", openSeconds, 1, 86_400);
        }
        this.breaker = new CircuitBreaker(failures, openSeconds, redisTimeoutMillis);
        this.metrics = RateLimitMetrics.of(plugin);

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

    /** config.go:187-215: the items, in order; an empty list (or null) is Higress's error. */
    private static List<RuleItem> ruleItems(GjsonReader reader, ConfigNode json, PluginContext plugin) {
        List<ConfigNode> nodes = reader.array(json, "rule_items");
        if (nodes.isEmpty()) {
            throw json.error("rule_items", "config rule_items cannot be empty");
        }
        List<RuleItem> items = new ArrayList<>(nodes.size());
        // One entry per (type, key name): the duplicate check stays linear in the number of items.
        Set<String> seen = new HashSet<>();
        for (ConfigNode node : nodes) {
            RuleItem item = RuleItem.parse(reader, node);
            if (!seen.add(item.type().field() + '\0' + item.keyName())) {
                // Legal (the later item sees values the earlier one's keys missed) but usually a mistake; Higress
                // warns too (config.go:206-207).
                plugin.log().warn(node.path() + ": another item before it also uses " + item.type().field()
                        + " \"" + item.keyName() + "\"; the first item whose keys match wins");
            }
            items.add(item);
        }
        return Collections.unmodifiableList(items);
    }

    /** The rule name as an sf-string ({@code "name"}), which allows printable ASCII only. */
    private static String structuredString(ConfigNode json, String name) {
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

    /** Returns {@code value}, the field {@code key} of {@code node}, if it is within {@code [min, max]}. */
    private static long checkRange(ConfigNode node, String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw node.error(key, "must be between " + min + " and " + max + " but was " + value);
        }
        return value;
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

    /** The rule name's UTF-8 bytes, as they appear in Redis keys; callers must not modify them. */
    byte[] ruleName() {
        return ruleName;
    }

    boolean showLimitQuotaHeader() {
        return showLimitQuotaHeader;
    }

    /**
     * The status of a rejection. Higress accepts any {@code uint32} ({@code rejected_code: 99} and {@code 1000}
     * included) and hands it to the host as it is; so does this plugin, and these 32 bits are passed unchanged.
     */
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

    /** True if rejections carry {@code Retry-After} (not in Higress). */
    boolean retryAfterHeader() {
        return retryAfterHeader;
    }

    /** True if allowed responses carry {@code X-RateLimit-Reset} (not in Higress). */
    boolean resetHeaderOnAllowed() {
        return resetHeaderOnAllowed;
    }

    /** The quoted policy name for {@code RateLimit}/{@code RateLimit-Policy}; null when {@link #ietfHeaders()} is off. */
    String policyName() {
        return policyName;
    }

    RedisClient redis() {
        return redis;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    RateLimitMetrics metrics() {
        return metrics;
    }

    /** Names the rule and the Redis cluster; never the credentials. */
    @Override
    public String toString() {
        return "RateLimitConfig{" + RequestValue.printable(ruleName) + ", redis=" + redis.clusterName() + "}";
    }
}
