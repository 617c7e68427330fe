package io.wasmjava.core.metrics;

/**
 * Builds tagged metric names the way Higress does: {@code <key>.<value>.} for each tag, in order, then
 * {@code metric.<leaf>}. Plain names ({@code "ratelimit_allowed"}) need no builder; a tagged name is for a
 * gateway whose {@code stats_tags} turn the tags back into labels.
 *
 * <pre>{@code
 * String name = MetricName.tagged().tag("route", route).tag("upstream", cluster).metric("requests");
 * // "route.<route>.upstream.<cluster>.metric.requests"
 * String ai = MetricName.higressAi(route, cluster, model, consumer, "input_token");
 * // "route.<route>.upstream.<cluster>.model.<model>.consumer.<consumer>.metric.input_token"
 * }</pre>
 *
 * <p>Higress's bootstrap extracts the labels {@code ai_route}, {@code ai_cluster}, {@code ai_model} and
 * {@code ai_consumer} from exactly the {@link #higressAi} shape (higress-group/istio
 * {@code tools/packaging/common/higress_envoy_bootstrap.json} {@code stats_tags}); its extraction is a lazy match up
 * to the next key, so a value may hold dots but not a following key between dots ({@code a.model.b} as a route
 * cuts the route short). Values are not escaped: Envoy keeps every character of a name (dots separate its levels).
 */
public final class MetricName {
    private MetricName() {
    }

    /** Starts a tagged name. */
    public static Builder tagged() {
        return new Builder();
    }

    /**
     * Higress's AI metric name, as its {@code ai-statistics} and {@code ai-token-ratelimit} plugins build it
     * ({@code generateMetricName}, alibaba/higress {@code plugins/wasm-go/extensions/ai-statistics/main.go}). As there,
     * a null route or cluster (a property that could not be read) becomes {@code -}, and a null model or consumer
     * {@code none}.
     *
     * @throws IllegalArgumentException if {@code leaf} is null or empty
     */
    public static String higressAi(String route, String cluster, String model, String consumer, String leaf) {
        return tagged().tag("route", route == null ? "-" : route).tag("upstream", cluster == null ? "-" : cluster)
                .tag("model", model == null ? "none" : model).tag("consumer", consumer == null ? "none" : consumer)
                .metric(leaf);
    }

    /** A tagged name under construction. Not thread-safe; use once. */
    public static final class Builder {
        private final StringBuilder name = new StringBuilder(96);

        private Builder() {
        }

        /**
         * Appends {@code key.value.}.
         *
         * @throws IllegalArgumentException if {@code key} is empty or holds a dot, or {@code value} is null
         */
        public Builder tag(String key, String value) {
            if (key == null || key.isEmpty() || key.indexOf('.') >= 0) {
                throw new IllegalArgumentException("tag key must be non-empty without dots but was " + key);
            }
            if (value == null) {
                throw new IllegalArgumentException("tag " + key + " has no value");
            }
            name.append(key).append('.').append(value).append('.');
            return this;
        }

        /**
         * The finished name: the tags, then {@code metric.<leaf>}.
         *
         * @throws IllegalArgumentException if {@code leaf} is null or empty
         */
        public String metric(String leaf) {
            if (leaf == null || leaf.isEmpty()) {
                throw new IllegalArgumentException("metric leaf name must not be empty");
            }
            return name.append("metric.").append(leaf).toString();
        }
    }
}
