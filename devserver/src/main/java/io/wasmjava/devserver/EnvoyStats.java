package io.wasmjava.devserver;

import io.wasmjava.host.HistogramSummary;
import io.wasmjava.host.MetricSnapshot;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders plugin metrics as Envoy's admin endpoint does: {@code /stats} text and {@code /stats/prometheus}. Every
 * plugin metric is an Envoy stat named {@code wasmcustom.<name>} (envoyproxy/envoy
 * {@code source/extensions/common/wasm/context.cc} {@code Context::defineMetric}).
 *
 * <p>Prometheus (envoyproxy/envoy {@code source/server/admin/prometheus_stats.cc}): tags are extracted with Higress's
 * bootstrap {@code stats_tags} ({@link #HIGRESS_STATS_TAGS}; each regex's first group is cut from the name and its
 * innermost group is the label value), the registered {@code wasmcustom.} namespace is stripped, no {@code envoy_}
 * prefix is added, every character outside {@code [a-zA-Z0-9_]} becomes {@code _}, and a name that then starts with
 * a digit is left out. Stats sharing a name after extraction form one family under one {@code # TYPE} line.
 * Histograms use Envoy's default buckets; their {@code /stats} quantiles are estimated from those buckets (Envoy
 * computes them from its own finer histogram), shown as the cumulative value with {@code nan} for the interval.
 */
final class EnvoyStats {
    static final String NAMESPACE = "wasmcustom";

    /**
     * Higress's bootstrap {@code stats_tags} that can match a {@code wasmcustom.} stat, in its order
     * (higress-group/istio {@code tools/packaging/common/higress_envoy_bootstrap.json}); the other three
     * ({@code wasm_runtime}, {@code thread_name}, {@code plugin_name}) start with {@code ^wasm\.} and never do.
     */
    static final List<StatsTag> HIGRESS_STATS_TAGS = List.of(
            new StatsTag("ai_route", Pattern.compile("^wasmcustom\\.route\\.((.*?)\\.)upstream")),
            new StatsTag("ai_cluster", Pattern.compile("^wasmcustom\\..*?\\.upstream\\.((.*?)\\.)model")),
            new StatsTag("ai_model", Pattern.compile("^wasmcustom\\..*?\\.model\\.((.*?)\\.)consumer")),
            new StatsTag("ai_consumer", Pattern.compile("^wasmcustom\\..*?\\.consumer\\.((.*?)\\.)metric")));

    private static final double[] QUANTILES = {0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 1};
    private static final String[] QUANTILE_NAMES = {"P0", "P25", "P50", "P75", "P90", "P95", "P99", "P99.5", "P99.9",
        "P100"};

    /** A tag: its name and the regex whose first group is cut and whose last group is the value. */
    record StatsTag(String name, Pattern regex) {
    }

    /** A stat name after tag extraction: what is left of the name, and the labels in extraction order. */
    record Tagged(String name, List<String[]> labels) {
    }

    private EnvoyStats() {
    }

    /**
     * {@code /stats}: {@code wasmcustom.<name>: <value>} for counters and gauges sorted by name, then histograms
     * ({@code No recorded values} when empty).
     */
    static String text(MetricSnapshot snapshot) {
        return text(snapshot, Map.of());
    }

    /**
     * {@code /stats} with Envoy's own counters too ({@code envoyCounters}, by full stat name), sorted with the
     * plugin metrics by name as Envoy lists them.
     */
    static String text(MetricSnapshot snapshot, Map<String, Long> envoyCounters) {
        Map<String, Long> values = new TreeMap<>(envoyCounters);
        snapshot.counters().forEach((name, value) -> values.put(NAMESPACE + "." + name, value));
        snapshot.gauges().forEach((name, value) -> values.put(NAMESPACE + "." + name, value));
        StringBuilder out = new StringBuilder();
        values.forEach((name, value) -> out.append(name).append(": ").append(Long.toUnsignedString(value))
                .append('\n'));
        snapshot.histograms().forEach((name, summary) -> {
            out.append(NAMESPACE).append('.').append(name).append(": ");
            if (summary.count() == 0) {
                out.append("No recorded values");
            } else {
                for (int i = 0; i < QUANTILES.length; i++) {
                    out.append(i == 0 ? "" : " ").append(QUANTILE_NAMES[i]).append("(nan,")
                            .append(number(quantile(summary, QUANTILES[i]))).append(')');
                }
            }
            out.append('\n');
        });
        return out.toString();
    }

    /**
     * {@code /stats/prometheus}: Prometheus text format as Envoy renders custom-namespace stats: counter and gauge
     * families sorted together by name, then histogram families (Envoy's {@code PrometheusStatsRequest} phases).
     */
    static String prometheus(MetricSnapshot snapshot) {
        Map<String, Family> families = new TreeMap<>();
        collect(families, "counter", snapshot.counters());
        collect(families, "gauge", snapshot.gauges());
        Map<String, Family> histogramFamilies = new TreeMap<>();
        collect(histogramFamilies, "histogram", snapshot.histograms());
        StringBuilder out = new StringBuilder();
        families.forEach((name, family) -> {
            out.append("# TYPE ").append(name).append(' ').append(family.type()).append('\n');
            for (Member member : family.members()) {
                out.append(name).append(labels(member.labels(), null)).append(' ')
                        .append(Long.toUnsignedString((Long) member.value())).append('\n');
            }
            out.append('\n');
        });
        histogramFamilies.forEach((name, family) -> {
            out.append("# TYPE ").append(name).append(" histogram\n");
            for (Member member : family.members()) {
                HistogramSummary summary = (HistogramSummary) member.value();
                List<Long> buckets = summary.cumulativeBucketCounts();
                for (int i = 0; i < buckets.size(); i++) {
                    out.append(name).append("_bucket")
                            .append(labels(member.labels(), number(HistogramSummary.BUCKET_BOUNDS.get(i))))
                            .append(' ').append(buckets.get(i)).append('\n');
                }
                out.append(name).append("_bucket").append(labels(member.labels(), "+Inf")).append(' ')
                        .append(summary.count()).append('\n');
                out.append(name).append("_sum").append(labels(member.labels(), null)).append(' ')
                        .append(Long.toUnsignedString(summary.sum())).append('\n');
                out.append(name).append("_count").append(labels(member.labels(), null)).append(' ')
                        .append(summary.count()).append('\n');
            }
            out.append('\n');
        });
        return out.toString();
    }

    /** The stats of one Prometheus name: its type and each stat's labels and value. */
    private record Family(String type, List<Member> members) {
    }

    private record Member(List<String[]> labels, Object value) {
    }

    private static void collect(Map<String, Family> families, String type, Map<String, ?> stats) {
        stats.forEach((name, value) -> {
            Tagged tagged = extractTags(NAMESPACE + "." + name);
            String promName = prometheusName(tagged.name());
            if (promName != null) {
                families.computeIfAbsent(promName, n -> new Family(type, new ArrayList<>()))
                        .members().add(new Member(tagged.labels(), value));
            }
        });
    }

    /**
     * Envoy's tag extraction with {@link #HIGRESS_STATS_TAGS}: each matching regex contributes a label (its last
     * group) and cuts its first group from the name; every regex runs on the full name.
     */
    static Tagged extractTags(String statName) {
        boolean[] cut = new boolean[statName.length()];
        List<String[]> labels = new ArrayList<>();
        for (StatsTag tag : HIGRESS_STATS_TAGS) {
            Matcher matcher = tag.regex().matcher(statName);
            if (matcher.find()) {
                labels.add(new String[] {tag.name(), matcher.group(matcher.groupCount())});
                for (int i = matcher.start(1); i < matcher.end(1); i++) {
                    cut[i] = true;
                }
            }
        }
        StringBuilder name = new StringBuilder(statName.length());
        for (int i = 0; i < statName.length(); i++) {
            if (!cut[i]) {
                name.append(statName.charAt(i));
            }
        }
        return new Tagged(name.toString(), labels);
    }

    /** The namespace stripped and the rest sanitized; null when it would start with a digit (Envoy drops it). */
    static String prometheusName(String extractedName) {
        String name = extractedName.startsWith(NAMESPACE + ".")
                ? extractedName.substring(NAMESPACE.length() + 1) : extractedName;
        StringBuilder sanitized = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            sanitized.append(keep ? c : '_');
        }
        if (sanitized.isEmpty() || Character.isDigit(sanitized.charAt(0))) {
            return null;
        }
        return sanitized.toString();
    }

    private static String labels(List<String[]> labels, String le) {
        if (labels.isEmpty() && le == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("{");
        for (String[] label : labels) {
            out.append(out.length() > 1 ? "," : "").append(label[0]).append("=\"").append(escape(label[1]))
                    .append('"');
        }
        if (le != null) {
            out.append(out.length() > 1 ? "," : "").append("le=\"").append(le).append('"');
        }
        return out.append('}').toString();
    }

    /** Prometheus label-value escaping: backslash, double quote and newline. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** The upper bound of the bucket holding the {@code q} quantile (the last bound for values beyond it). */
    private static double quantile(HistogramSummary summary, double q) {
        long rank = Math.max(1, (long) Math.ceil(q * summary.count()));
        List<Long> buckets = summary.cumulativeBucketCounts();
        for (int i = 0; i < buckets.size(); i++) {
            if (buckets.get(i) >= rank) {
                return HistogramSummary.BUCKET_BOUNDS.get(i);
            }
        }
        return HistogramSummary.BUCKET_BOUNDS.get(HistogramSummary.BUCKET_BOUNDS.size() - 1);
    }

    /** A number as Envoy's {@code {:.32g}} prints it: no trailing zeros, no exponent for these magnitudes. */
    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
