package io.wasmjava.ratelimit;

import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.config.GjsonReader;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * How many requests may pass in one window: the value of one {@code query_per_second}, {@code query_per_minute},
 * {@code query_per_hour} or {@code query_per_day} field. Immutable.
 */
final class Quota {
    /** The field names in the order of their windows, as error messages list them. */
    static final List<String> FIELDS = Collections.unmodifiableList(
            Arrays.asList("query_per_second", "query_per_minute", "query_per_hour", "query_per_day"));
    private static final int[] WINDOW_SECONDS = {1, 60, 3600, 86400};

    private final long threshold;
    private final int windowSeconds;

    Quota(long threshold, int windowSeconds) {
        this.threshold = threshold;
        this.windowSeconds = windowSeconds;
    }

    /**
     * Reads the {@code query_per_*} field of {@code global_threshold} as Higress's parseGlobalThreshold does
     * (config.go:218-233), with its error texts.
     *
     * @throws io.wasmjava.core.config.ConfigException if no field is set or the count is not positive
     */
    static Quota parseGlobal(GjsonReader reader, ConfigNode node) {
        return parse(reader, node, "failed to parse global_threshold: ", "", "for global_threshold");
    }

    /**
     * Reads the {@code query_per_*} field of one {@code limit_keys} entry whose key is {@code key}, as Higress's
     * createConfigItemFromRate does (config.go:361-379), with its error texts.
     *
     * @throws io.wasmjava.core.config.ConfigException if no field is set or the count is not positive
     */
    static Quota parseKey(GjsonReader reader, ConfigNode node, String key) {
        return parse(reader, node, RuleItem.ITEM_ERROR, " for key '" + key + "'", "for key: " + key);
    }

    /**
     * Higress takes the first field it finds in a Go map, whose order is random, so with several set it uses any of
     * them; this plugin takes the first in window order and reports the others.
     */
    private static Quota parse(GjsonReader reader, ConfigNode node, String errorPrefix, String forKey,
            String missingSuffix) {
        int found = -1;
        for (int i = 0; i < FIELDS.size(); i++) {
            if (!GjsonReader.exists(node, FIELDS.get(i))) {
                continue;
            }
            if (found < 0) {
                found = i;
            } else {
                reader.tolerate(node.node(FIELDS.get(i)), "ignored: " + FIELDS.get(found) + " is also set and this "
                        + "plugin uses the shortest window set (Higress uses one of them at random)");
            }
        }
        if (found < 0) {
            throw node.error(errorPrefix + "one of 'query_per_second', 'query_per_minute', 'query_per_hour', or "
                    + "'query_per_day' must be set " + missingSuffix);
        }
        String field = FIELDS.get(found);
        long count = reader.integer(node, field);
        if (count <= 0) {
            throw node.error(field, errorPrefix + "'" + field + "' must be a positive integer" + forKey + ", got "
                    + count);
        }
        return new Quota(count, WINDOW_SECONDS[found]);
    }

    /** True if {@code key} is one of the {@code query_per_*} field names. */
    static boolean isField(String key) {
        return FIELDS.contains(key);
    }

    /** Requests allowed per window; at least 1. */
    long threshold() {
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
        return Long.hashCode(threshold) * 31 + windowSeconds;
    }

    @Override
    public String toString() {
        return threshold + " per " + windowSeconds + " s";
    }
}
