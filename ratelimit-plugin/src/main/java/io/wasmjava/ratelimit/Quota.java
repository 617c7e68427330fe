package io.wasmjava.ratelimit;

import io.wasmjava.core.config.ConfigNode;

/**
 * How many requests may pass in one window: the value of exactly one {@code query_per_second},
 * {@code query_per_minute}, {@code query_per_hour} or {@code query_per_day} field. Immutable.
 */
final class Quota {
    /** The field names in the order of their windows, as error messages list them. */
    static final String[] FIELDS = {"query_per_second", "query_per_minute", "query_per_hour", "query_per_day"};
    private static final int[] WINDOW_SECONDS = {1, 60, 3600, 86400};

    private final int threshold;
    private final int windowSeconds;

    Quota(int threshold, int windowSeconds) {
        this.threshold = threshold;
        this.windowSeconds = windowSeconds;
    }

    /**
     * Reads the one {@code query_per_*} field of {@code node}.
     *
     * @throws io.wasmjava.core.config.ConfigException if none or several are set, or the value is not an integer of
     *     at least 1
     */
    static Quota parse(ConfigNode node) {
        int found = -1;
        for (int i = 0; i < FIELDS.length; i++) {
            if (node.isNull(FIELDS[i])) {
                continue;
            }
            if (found >= 0) {
                // Higress takes whichever its map iteration yields first, which is random; we refuse.
                throw node.error("only one of " + String.join(", ", FIELDS) + " may be set, but found "
                        + FIELDS[found] + " and " + FIELDS[i]);
            }
            found = i;
        }
        if (found < 0) {
            throw node.error("one of " + String.join(", ", FIELDS) + " must be set");
        }
        int threshold = node.integer(FIELDS[found], 1, Integer.MAX_VALUE);
        return new Quota(threshold, WINDOW_SECONDS[found]);
    }

    /** True if {@code key} is one of the {@code query_per_*} field names. */
    static boolean isField(String key) {
        for (String field : FIELDS) {
            if (field.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Requests allowed per window; at least 1. */
    int threshold() {
        return threshold;
    }

    /** The window length: 1, 60, 3600 or 86400 seconds. */
    int windowSeconds() {
        return windowSeconds;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Quota && ((Quota) other).threshold == threshold
                && ((Quota) other).windowSeconds == windowSeconds;
    }

    @Override
    public int hashCode() {
        return threshold * 31 + windowSeconds;
    }

    @Override
    public String toString() {
        return threshold + " per " + windowSeconds + " s";
    }
}
