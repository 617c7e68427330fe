package io.wasmjava.ratelimit;

import io.wasmjava.redis.resp.RespArray;
import io.wasmjava.redis.resp.RespType;
import io.wasmjava.redis.resp.RespValue;

/**
 * The script's verdict on one request: {@code *3 :threshold :current :ttl}, read against the {@link Quota} the
 * request was checked with. Numbers from Redis are bounded before they reach a header: the reset is clamped to the
 * window (a counter may carry a longer TTL, from a longer window configured earlier or set by hand), and the
 * remaining count to {@code [0, threshold]}. Immutable.
 *
 * @param threshold the quota's threshold
 * @param current the counter after this request (at most {@code threshold + 1})
 * @param ttlSeconds seconds until the window ends, between 0 and the window's length
 */
record LimitResult(long threshold, long current, long ttlSeconds) {

    /**
     * Reads the script's reply to a check of {@code quota}.
     *
     * @return the result, or null if {@code reply} is not an array of exactly three integers whose first is the
     *     quota's threshold (the script echoes the threshold it was sent)
     */
    static LimitResult of(RespValue reply, Quota quota) {
        if (!(reply instanceof RespArray) || ((RespArray) reply).size() != 3) {
            return null;
        }
        RespArray elements = (RespArray) reply;
        for (int i = 0; i < 3; i++) {
            if (elements.element(i).type() != RespType.INTEGER) {
                return null;
            }
        }
        long echo = elements.element(0).asLong();
        // Lua reads the threshold as a double, so above 2^53 the echo is the nearest double (Higress's counts are
        // int64 and pass through Lua the same way).
        if (echo != quota.threshold() && echo != (long) (double) quota.threshold()) {
            return null;
        }
        long ttl = elements.element(2).asLong();
        long window = quota.windowSeconds();
        // Negative: no expiry (-1) or no key (-2), which the script repairs; the window is the honest answer.
        long boundedTtl = ttl < 0 || ttl > window ? window : ttl;
        return new LimitResult(quota.threshold(), elements.element(1).asLong(), boundedTtl);
    }

    /** True if the request is over the limit. */
    boolean isRejected() {
        return current > threshold;
    }

    /** Requests left in the window after this one: 0 when rejected, at most the threshold. */
    long remaining() {
        // A counter set by hand may be negative: it cannot give more than the threshold, nor overflow.
        return current <= 0 ? threshold : Math.max(0, threshold - current);
    }
}
