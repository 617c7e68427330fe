package io.wasmjava.ratelimit;

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
 * <p>The script touches one key only, so it is safe behind a Redis Cluster proxy. It is sent with {@code EVALSHA}
 * of {@link #SHA1}; a server that does not have it cached answers {@code NOSCRIPT}, and that one request falls back
 * to {@code EVAL}, which caches it. A service that answers {@code EVALSHA} with any other error that is not an
 * {@linkplain #isRunError error of the script} gets {@code EVAL} too, and once {@code EVAL} works there, only
 * {@code EVAL} ({@link EvalshaSupport}).
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

    /** The SHA-1 of {@link #TEXT} as Redis computes it for {@code SCRIPT LOAD}, computed once when the class loads. */
    static final String SHA1 = Sha1.hex(TEXT);

    /** Redis 7 and later end the error of a running script with this (src/script_lua.c, luaCallFunction). */
    private static final String RUN_ERROR_REDIS_7 = " script: " + SHA1 + ", on @user_script:";

    /** Redis 2.6 to 6.2 start the error of a running script with this (src/scripting.c, evalGenericCommand). */
    private static final String RUN_ERROR_REDIS_2_6 = "Error running script (call to f_" + SHA1 + "): ";

    private FixedWindowScript() {
    }

    /**
     * True if {@code errorReply} is Redis reporting an error raised while it ran this script, for instance
     * {@code WRONGTYPE Operation against a key holding the wrong kind of value script: <sha1>, on @user_script:1.}
     * (Redis 7) or {@code ERR Error running script (call to f_<sha1>): @user_script:1: ...} (Redis 2.6 to 6): the
     * server has the script and runs it, so the error is about the data under one key, not about {@code EVALSHA}. An
     * error that only echoes the SHA-1 among the arguments ({@code ERR unknown command 'evalsha', with args beginning
     * with: '<sha1>' ...}) is not one.
     */
    static boolean isRunError(String errorReply) {
        return errorReply.contains(RUN_ERROR_REDIS_7) || errorReply.contains(RUN_ERROR_REDIS_2_6);
    }
}
