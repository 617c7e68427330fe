package io.wasmjava.ratelimit;

import io.wasmjava.redis.resp.RespEncoder;

/**
 * The limit that applies to one request: its Redis counter key and its {@link Quota}. Keys have Higress's format
 * (A1.3), so counters are shared with Higress's plugin during a migration:
 *
 * <ul>
 *   <li>{@code higress-cluster-key-rate-limit:<rule_name>:global_threshold:<window_s>}</li>
 *   <li>{@code higress-cluster-key-rate-limit:<rule_name>:<limit_type>:<window_s>:<key_name>:<value>}, e.g.
 *       {@code higress-cluster-key-rate-limit:routeA:limit_by_per_param:60:apikey:abc123}</li>
 * </ul>
 *
 * <p>The value is the client's, raw (not hashed or escaped). Immutable, apart from the encoded script commands it
 * keeps once built (a VM is single-threaded).
 */
final class Limit {
    static final String KEY_PREFIX = "higress-cluster-key-rate-limit";

    private final String redisKey;
    private final Quota quota;
    /** The script's EVALSHA and EVAL commands for this limit, encoded on first use (a global limit is reused). */
    private byte[] evalshaCommand;
    private byte[] evalCommand;

    Limit(String redisKey, Quota quota) {
        this.redisKey = redisKey;
        this.quota = quota;
    }

    /** The limit of a {@code global_threshold} rule: one counter for every request the rule sees. */
    static Limit global(String ruleName, Quota quota) {
        return new Limit(KEY_PREFIX + ":" + ruleName + ":global_threshold:" + quota.windowSeconds(), quota);
    }

    String redisKey() {
        return redisKey;
    }

    Quota quota() {
        return quota;
    }

    /** {@code EVALSHA sha 1 key threshold window}, RESP-encoded; {@code sha} is the same for every call. */
    byte[] evalshaCommand(String sha) {
        if (evalshaCommand == null) {
            evalshaCommand = scriptCommand("evalsha", sha);
        }
        return evalshaCommand;
    }

    /** {@code EVAL script 1 key threshold window}, RESP-encoded: the fallback after {@code NOSCRIPT}. */
    byte[] evalCommand(String script) {
        if (evalCommand == null) {
            evalCommand = scriptCommand("eval", script);
        }
        return evalCommand;
    }

    /** {@code command script 1 key threshold window}: the script's one key and two arguments. */
    private byte[] scriptCommand(String command, String script) {
        return RespEncoder.encodeCommand(command, script, 1, redisKey, quota.threshold(), quota.windowSeconds());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Limit && ((Limit) other).redisKey.equals(redisKey)
                && ((Limit) other).quota.equals(quota);
    }

    @Override
    public int hashCode() {
        return redisKey.hashCode() * 31 + quota.hashCode();
    }

    @Override
    public String toString() {
        return "Limit{" + redisKey + ", " + quota + "}";
    }
}
