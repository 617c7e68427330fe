package io.wasmjava.ratelimit;

/**
 * Whether one Redis service runs {@link FixedWindowScript} by its SHA-1 ({@code EVALSHA}) or needs its text on every
 * call ({@code EVAL}, as Higress always sends it). It starts as available; a {@link LimitCheck} marks it unavailable
 * when {@code EVALSHA} got an error reply that is neither {@code NOSCRIPT} nor an {@linkplain
 * FixedWindowScript#isRunError error of the script} and {@code EVAL} then reached the script, as with a Redis proxy
 * that lacks {@code EVALSHA} or a server that renamed it. It stays unavailable for the life of the configuration.
 *
 * <p>One per configuration, next to its Redis client and circuit breaker. A VM is single-threaded, so no locking.
 */
final class EvalshaSupport {
    private boolean unavailable;

    /** True until {@link #markUnavailable()}: send {@code EVALSHA} first. */
    boolean isAvailable() {
        return !unavailable;
    }

    /**
     * Records that this service lacks {@code EVALSHA}.
     *
     * @return true the first time, so that the caller logs the change once
     */
    boolean markUnavailable() {
        boolean changed = !unavailable;
        unavailable = true;
        return changed;
    }

    @Override
    public String toString() {
        return unavailable ? "EvalshaSupport{unavailable: EVAL only}" : "EvalshaSupport{available}";
    }
}
