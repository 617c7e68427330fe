package io.wasmjava.ratelimit;

import io.wasmjava.redis.RedisScript;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The limit that applies to one request: its Redis counter key and its {@link Quota}. Keys have Higress's format
 * (main.go:48-52, since Higress PR #2997), so counters are shared with Higress's plugin during a migration:
 *
 * <ul>
 *   <li>{@code higress-cluster-key-rate-limit:<rule_name>:global_threshold:<window_s>}</li>
 *   <li>{@code higress-cluster-key-rate-limit:<rule_name>:<limit_type>:<window_s>:<key_name>:<value>}, e.g.
 *       {@code higress-cluster-key-rate-limit:routeA:limit_by_per_param:60:apikey:abc123}</li>
 * </ul>
 *
 * <p>The key is bytes: the value is the client's, raw (not hashed, escaped or re-encoded; see {@link RequestValue}).
 * Immutable, apart from the script invocation it keeps once built (a VM is single-threaded).
 */
final class Limit {
    static final String KEY_PREFIX = "higress-cluster-key-rate-limit";

    private final byte[] redisKey;
    private final Quota quota;
    /** The script with this limit's key and arguments, made on first use (a global limit is reused). */
    private RedisScript.Invocation script;

    /** {@code redisKey} becomes this limit's; the caller no longer changes it. */
    Limit(byte[] redisKey, Quota quota) {
        this.redisKey = redisKey;
        this.quota = quota;
    }

    /** The limit of a {@code global_threshold} rule: one counter for every request the rule sees (main.go:108). */
    static Limit global(byte[] ruleName, Quota quota) {
        ByteArrayOutputStream key = new ByteArrayOutputStream(KEY_PREFIX.length() + ruleName.length + 24);
        appendAscii(key, KEY_PREFIX + ":");
        key.write(ruleName, 0, ruleName.length);
        appendAscii(key, ":global_threshold:" + quota.windowSeconds());
        return new Limit(key.toByteArray(), quota);
    }

    /** Appends {@code ascii}, which has only ASCII characters, to {@code out}. */
    static void appendAscii(ByteArrayOutputStream out, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            out.write(ascii.charAt(i));
        }
    }

    /** The Redis key, printable (non-ASCII bytes as {@code \xNN}); for logs. */
    String redisKey() {
        return RequestValue.printable(redisKey);
    }

    /** The Redis key's bytes; callers must not modify them. */
    byte[] redisKeyBytes() {
        return redisKey;
    }

    Quota quota() {
        return quota;
    }

    /**
     * {@link FixedWindowScript} with this limit's key and its two arguments (main.go:125-127):
     * {@code EVALSHA sha 1 key threshold window}, or {@code EVAL} of the text; each encoded once.
     */
    RedisScript.Invocation script() {
        if (script == null) {
            script = FixedWindowScript.SCRIPT.invocation(Arrays.asList(redisKey),
                    Arrays.asList(quota.threshold(), quota.windowSeconds()));
        }
        return script;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Limit && Arrays.equals(((Limit) other).redisKey, redisKey)
                && ((Limit) other).quota.equals(quota);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(redisKey) * 31 + quota.hashCode();
    }

    /** The key (non-ASCII bytes as {@code \xNN}) and the quota; for logs. */
    @Override
    public String toString() {
        return "Limit{" + RequestValue.printable(redisKey) + ", " + quota + "}";
    }
}
