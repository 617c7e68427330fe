package io.wasmjava.ratelimit;

/**
 * Stops calling Redis while it cannot be reached, so requests get the failure policy at once instead of each waiting
 * for the Redis timeout (Higress issue #3053). One breaker per configuration (per Redis client), in one VM; each
 * worker VM has its own. Higress has no breaker: this is an addition, and {@code failures = 0} turns it off.
 *
 * <ul>
 *   <li><b>Closed:</b> every request calls Redis. A call that gets no answer adds one to the run of consecutive
 *       unanswered calls; any answer ends the run. When the run reaches {@code failures}, the breaker opens.</li>
 *   <li><b>Open:</b> for {@code openSeconds} no request calls Redis; each gets the failure policy.</li>
 *   <li><b>Half open:</b> after that, the next request is the probe and calls Redis; the others still skip it. An
 *       answered probe closes the breaker, an unanswered one opens it for another {@code openSeconds}. A probe whose
 *       outcome never comes (its request ended first, so the callback was dropped) counts as lost after the Redis
 *       timeout, and the next request probes again.</li>
 * </ul>
 *
 * <p>What counts is whether Redis answered, not whether the check succeeded: the breaker exists to save requests
 * from waiting for a timeout, and only an unanswered call makes them wait. {@link #onUnanswered} is for the host's
 * failed calls (connection refused or lost, timeout: a non-zero status) and refused dispatches: the path to Redis,
 * which every key of the rule shares. {@link #onAnswered} is for every reply, including error replies (a script
 * error on one key, {@code WRONGTYPE}, {@code LOADING}), malformed or oversized ones and replies of the wrong shape:
 * those fail that request's check under the failure policy but arrive without delay, and one bad key must not switch
 * the check off for the whole rule. {@link #onNotSent} is for a client whose init fails again before the command:
 * Higress retries the init before every command, so this does not count while closed (the next request retries at
 * once), but a probe that meets it has failed. Answers from calls made before the breaker opened do not change an
 * open breaker. Times come from the host clock.
 */
final class CircuitBreaker {
    static final int DEFAULT_FAILURES = 5;
    static final int DEFAULT_OPEN_SECONDS = 10;

    /** What a request may do. */
    enum Permit {
        /** The breaker is closed: call Redis. */
        CALL,
        /** The breaker is half open and this request is the probe: call Redis and report the outcome. */
        PROBE,
        /** The breaker is open: do not call Redis, apply the failure policy. */
        SKIP
    }

    /** What a reported outcome did to the breaker, so the caller can log transitions. */
    enum Transition {
        NONE,
        OPENED,
        REOPENED,
        CLOSED
    }

    private final int failureThreshold;
    private final long openMillis;
    private final long probeTimeoutMillis;
    private int consecutiveFailures;
    /** While open or half open: when the current open period ends; -1 while closed. */
    private long openUntilMillis = -1;
    /** While a probe is out: when it counts as lost; -1 otherwise. */
    private long probeDeadlineMillis = -1;

    /**
     * @param failures consecutive failures that open the breaker; 0 disables it
     * @param openSeconds how long it stays open before a probe
     * @param probeTimeoutMillis after how long an unanswered probe is given up (the Redis timeout)
     */
    CircuitBreaker(int failures, int openSeconds, long probeTimeoutMillis) {
        this.failureThreshold = failures;
        this.openMillis = openSeconds * 1000L;
        this.probeTimeoutMillis = probeTimeoutMillis;
    }

    /**
     * True while the breaker is closed: {@link #acquire} then answers {@link Permit#CALL} whatever the time, so a
     * caller may skip reading the clock.
     */
    boolean isClosed() {
        return openUntilMillis < 0;
    }

    /** Decides whether a request at {@code nowMillis} may call Redis. */
    Permit acquire(long nowMillis) {
        if (openUntilMillis < 0) {
            return Permit.CALL;
        }
        if (nowMillis < openUntilMillis) {
            return Permit.SKIP;
        }
        if (probeDeadlineMillis >= 0 && nowMillis < probeDeadlineMillis) {
            return Permit.SKIP;
        }
        probeDeadlineMillis = nowMillis + probeTimeoutMillis;
        return Permit.PROBE;
    }

    /** Reports that a call made with {@code permit} got an answer from Redis, whatever it was. */
    Transition onAnswered(Permit permit) {
        if (permit == Permit.PROBE) {
            consecutiveFailures = 0;
            openUntilMillis = -1;
            probeDeadlineMillis = -1;
            return Transition.CLOSED;
        }
        if (openUntilMillis < 0) {
            consecutiveFailures = 0;
        }
        return Transition.NONE;
    }

    /** Reports that a call made with {@code permit} got no answer (the host failed it, or it timed out). */
    Transition onUnanswered(Permit permit, long nowMillis) {
        if (permit == Permit.PROBE) {
            openUntilMillis = nowMillis + openMillis;
            probeDeadlineMillis = -1;
            return Transition.REOPENED;
        }
        if (openUntilMillis >= 0 || failureThreshold == 0) {
            return Transition.NONE;
        }
        consecutiveFailures++;
        if (consecutiveFailures < failureThreshold) {
            return Transition.NONE;
        }
        openUntilMillis = nowMillis + openMillis;
        return Transition.OPENED;
    }

    /**
     * Reports that a call made with {@code permit} was not sent because the client's init failed again at
     * {@code nowMillis}: a failed probe, and nothing otherwise.
     */
    Transition onNotSent(Permit permit, long nowMillis) {
        return permit == Permit.PROBE ? onUnanswered(permit, nowMillis) : Transition.NONE;
    }

    /** Consecutive unanswered calls while closed. */
    int consecutiveFailures() {
        return consecutiveFailures;
    }

    int failureThreshold() {
        return failureThreshold;
    }

    long openSeconds() {
        return openMillis / 1000;
    }

    @Override
    public String toString() {
        return "CircuitBreaker{" + (openUntilMillis < 0 ? "closed, failures=" + consecutiveFailures
                : "open until " + openUntilMillis) + "}";
    }
}
