package io.wasmjava.ratelimit;

import io.wasmjava.redis.RedisScript;

/**
 * The Lua script that checks and counts one request atomically in Redis: a fixed window that starts at the first
 * hit, with Higress {@code cluster-key-rate-limit}'s semantics (its script since PR #2997).
 *
 * <p>{@code KEYS[1]} is the counter, {@code ARGV[1]} the threshold and {@code ARGV[2]} the window in seconds. The
 * reply is always {@code *3 :threshold :current :ttl}:
 *
 * <ul>
 *   <li>If the counter is already above the threshold, it is returned unchanged: rejected requests are not
 *       counted, and the counter stops at {@code threshold + 1}.</li>
 *   <li>Otherwise the counter is incremented; the increment that creates it sets the window's expiry. The request
 *       is allowed if the new value is at most the threshold, so exactly {@code threshold} requests pass per
 *       window.</li>
 *   <li>A counter found without an expiry (set by hand, or left by a failover that lost it) gets the window again,
 *       so it cannot block a key for ever. Higress's script does not do this; it changes nothing otherwise.</li>
 * </ul>
 *
 * <p>The script touches one key only, so it is safe behind a Redis Cluster proxy. It is sent as a {@link RedisScript}:
 * {@code EVALSHA} of {@link #SHA1}, {@code EVAL} for the one request that meets {@code NOSCRIPT}, and only
 * {@code EVAL} once the service has shown that it lacks {@code EVALSHA} (see {@link RedisScript}). Higress always sends
 * {@code EVAL}: its plugin calls {@code Eval} (main.go:127), which the wasm-go SDK sends as {@code eval <script>}
 * (redis_wrapper.go:264-275).
 */
final class FixedWindowScript {
    /** The script text; its SHA-1 is {@link #SHA1}. Changing a byte changes the SHA-1 (pinned by a test). */
    static final String TEXT = ""
            + "local current = tonumber(redis.call('get', KEYS[1]) or '0')\n"
            + "local threshold = tonumber(ARGV[1])\n"
            + "if current <= threshold then\n"
            + "  current = redis.call('incr', KEYS[1])\n"
            + "  if current == 1 then\n"
            + "    redis.call('expire', KEYS[1], ARGV[2])\n"
            + "  end\n"
            + "end\n"
            + "local ttl = redis.call('ttl', KEYS[1])\n"
            + "if ttl == -1 then\n"
            + "  redis.call('expire', KEYS[1], ARGV[2])\n"
            + "  ttl = tonumber(ARGV[2])\n"
            + "end\n"
            + "return {threshold, current, ttl}\n";

    /**
     * The script, sent with {@code EVALSHA} and an {@code EVAL} fallback; its SHA-1 is computed when the class loads,
     * that is when the first configuration is parsed, not on the first request.
     */
    static final RedisScript SCRIPT = RedisScript.of("rate-limit", TEXT);

    /** The SHA-1 of {@link #TEXT} as Redis computes it for {@code SCRIPT LOAD}. */
    static final String SHA1 = SCRIPT.sha1();

    private FixedWindowScript() {
    }
}
