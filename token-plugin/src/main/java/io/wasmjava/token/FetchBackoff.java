package io.wasmjava.token;

import io.wasmjava.core.config.ConfigNode;

/**
 * How long token fetches pause after failed ones: a negative cache. After a failed fetch no new fetch starts for
 * {@link #delayMillis} of the number of failures in a row; requests without a valid token meanwhile get the failure
 * policy at once (continue without a token, or the deny answer) instead of each wave waiting for a new fetch to fail.
 * The delay starts at {@code fetchBackoffMillis} and doubles with each further failure up to
 * {@code fetchBackoffMaxMillis}; a successful fetch resets it. Immutable: the count of failures and the time the
 * pause ends are a {@link Pause}, kept with the token ({@link TokenStore}: a VM's own {@code Pause}, or the
 * same fields in shared data for every VM).
 *
 * <p>There is no jitter: the pause is a property of the token entry, not of a client retrying on its own.
 */
final class FetchBackoff {
    static final String INITIAL_KEY = "fetchBackoffMillis";
    static final String MAX_KEY = "fetchBackoffMaxMillis";
    /** The first pause: 1 s. */
    static final int DEFAULT_INITIAL_MILLIS = 1_000;
    /** The longest pause: 30 s. */
    static final int DEFAULT_MAX_MILLIS = 30_000;
    /** The largest value either field takes: one hour. */
    static final int LIMIT_MILLIS = 3_600_000;

    private final long initialMillis;
    private final long maxMillis;

    private FetchBackoff(long initialMillis, long maxMillis) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
    }

    /**
     * Reads {@value #INITIAL_KEY} (0 turns the pause off: the next request after a failure fetches again) and
     * {@value #MAX_KEY} (at least the initial pause).
     *
     * @throws io.wasmjava.core.config.ConfigException naming the field
     */
    static FetchBackoff parse(ConfigNode json) {
        int initial = json.integer(INITIAL_KEY, DEFAULT_INITIAL_MILLIS, 0, LIMIT_MILLIS);
        boolean maxSet = !json.isNull(MAX_KEY);
        int max = json.integer(MAX_KEY, Math.max(initial, DEFAULT_MAX_MILLIS), 0, LIMIT_MILLIS);
        if (maxSet && max < initial) {
            throw json.error(MAX_KEY, "must be at least " + INITIAL_KEY + " (" + initial + ") but was " + max);
        }
        return new FetchBackoff(initial, max);
    }

    /**
     * The pause after {@code failuresInARow} failed fetches (1 for the first): the initial pause doubled for each
     * failure after the first, capped at the maximum; 0 if the pause is off.
     */
    long delayMillis(int failuresInARow) {
        if (initialMillis == 0) {
            return 0;
        }
        long delay = initialMillis;
        for (int i = 1; i < failuresInARow && delay < maxMillis; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxMillis);
    }

    /** A new pause state following this policy, not paused. */
    Pause newPause() {
        return new Pause(this);
    }

    /**
     * The pause state of one token: the failed fetches in a row and when the pause after them ends. Mutable; owned by
     * whoever keeps the token.
     */
    static final class Pause {
        /** Failures are counted up to here: the pause stops growing long before, and the count cannot overflow. */
        static final int MAX_COUNTED_FAILURES = 64;

        private final FetchBackoff backoff;
        private int failuresInARow;
        private long untilMillis;

        private Pause(FetchBackoff backoff) {
            this.backoff = backoff;
        }

        /** True if a failed fetch paused fetching until after {@code nowMillis}. */
        boolean isPaused(long nowMillis) {
            return failuresInARow > 0 && nowMillis < untilMillis;
        }

        /** Records a failed fetch at {@code nowMillis}; returns the pause it starts (0 if the pause is off). */
        long failed(long nowMillis) {
            failuresInARow = Math.min(failuresInARow + 1, MAX_COUNTED_FAILURES);
            long pauseMillis = backoff.delayMillis(failuresInARow);
            untilMillis = nowMillis + pauseMillis;
            return pauseMillis;
        }

        /** Records a successful fetch: the next failure pauses for the initial time again. */
        void succeeded() {
            failuresInARow = 0;
        }
    }
}
