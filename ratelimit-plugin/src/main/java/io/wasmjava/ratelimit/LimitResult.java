package io.wasmjava.ratelimit;

import io.wasmjava.redis.resp.RespArray;
import io.wasmjava.redis.resp.RespType;
import io.wasmjava.redis.resp.RespValue;

/**
 * The script's verdict on one request: {@code *3 :threshold :current :ttl}. Immutable.
 */
final class LimitResult {
    private final long threshold;
    private final long current;
    private final long ttlSeconds;

    LimitResult(long threshold, long current, long ttlSeconds) {
        this.threshold = threshold;
        this.current = current;
        this.ttlSeconds = ttlSeconds;
    }

    /**
     * Reads the script's reply.
     *
     * @return the result, or null if {@code reply} is not an array of exactly three integers
     */
    static LimitResult of(RespValue reply) {
        if (!(reply instanceof RespArray) || ((RespArray) reply).size() != 3) {
            return null;
        }
        RespArray elements = (RespArray) reply;
        for (int i = 0; i < 3; i++) {
            if (elements.element(i).type() != RespType.INTEGER) {
                return null;
            }
        }
        return new LimitResult(elements.element(0).asLong(), elements.element(1).asLong(),
                elements.element(2).asLong());
    }

    /** True if the request is over the limit. */
    boolean isRejected() {
        return current > threshold;
    }

    long threshold() {
        return threshold;
    }

    /** The counter after this request (at most {@code threshold + 1}). */
    long current() {
        return current;
    }

    /** Requests left in the window after this one; 0 when rejected. */
    long remaining() {
        return Math.max(0, threshold - current);
    }

    /** Seconds until the window ends, as Redis's {@code TTL} reported it (-2 or -1 in corner cases). */
    long ttlSeconds() {
        return ttlSeconds;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LimitResult && ((LimitResult) other).threshold == threshold
                && ((LimitResult) other).current == current && ((LimitResult) other).ttlSeconds == ttlSeconds;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(threshold) * 961 + Long.hashCode(current) * 31 + Long.hashCode(ttlSeconds);
    }

    @Override
    public String toString() {
        return "LimitResult{threshold=" + threshold + ", current=" + current + ", ttl=" + ttlSeconds + "}";
    }
}
