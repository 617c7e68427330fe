package io.wasmjava.ratelimit;

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
 * <p>The value is the client's, raw (not hashed or escaped). Immutable.
 */
final class Limit {
    static final String KEY_PREFIX = "higress-cluster-key-rate-limit";

    private final String redisKey;
    private final Quota quota;

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
