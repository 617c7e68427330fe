package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.host.HistogramSummary;
import io.wasmjava.host.MetricSnapshot;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link EnvoyStats} against the documented vectors: Higress's ai-statistics README (alibaba/higress
 * {@code plugins/wasm-go/extensions/ai-statistics/README.md}, the {@code input_token} line) and shared/docs
 * proxy-wasm-state.md §1.6 item 5.
 */
class EnvoyStatsTest {
    private static final String AI_NAME = "route.ai-route-aliyun.internal.upstream.outbound|443||llm-aliyun.internal.dns"
            + ".model.qwen-turbo.consumer.none.metric.input_token";

    private static MetricSnapshot counters(Map<String, Long> counters) {
        return new MetricSnapshot(new TreeMap<>(counters), Map.of(), Map.of());
    }

    @Test
    void turnsHigressAiTagsIntoLabelsAsItsReadmeShows() {
        String prometheus = EnvoyStats.prometheus(counters(Map.of(AI_NAME, 24L)));

        assertThat(prometheus).isEqualTo("# TYPE route_upstream_model_consumer_metric_input_token counter\n"
                + "route_upstream_model_consumer_metric_input_token{ai_route=\"ai-route-aliyun.internal\","
                + "ai_cluster=\"outbound|443||llm-aliyun.internal.dns\",ai_model=\"qwen-turbo\",ai_consumer=\"none\"} 24\n"
                + "\n");
    }

    @Test
    void rendersAFlatNameWithoutLabelsAndDropsOneStartingWithADigit() {
        String prometheus = EnvoyStats.prometheus(counters(Map.of("ai_sec_request_deny", 1L, "9lives", 2L)));

        assertThat(prometheus).isEqualTo("# TYPE ai_sec_request_deny counter\nai_sec_request_deny 1\n\n");
    }

    @Test
    void sortsCounterAndGaugeFamiliesTogetherAsEnvoysOnePhaseDoes() {
        MetricSnapshot snapshot = new MetricSnapshot(new TreeMap<>(Map.of("b_total", 2L)),
                new TreeMap<>(Map.of("a_level", 1L, "c_level", 3L)), Map.of());

        assertThat(EnvoyStats.prometheus(snapshot)).isEqualTo("# TYPE a_level gauge\na_level 1\n\n"
                + "# TYPE b_total counter\nb_total 2\n\n# TYPE c_level gauge\nc_level 3\n\n");
    }

    @Test
    void listsStatsInEnvoyTextFormatWithTheNamespace() {
        MetricSnapshot snapshot = new MetricSnapshot(new TreeMap<>(Map.of("b_count", 2L, AI_NAME, 24L)),
                new TreeMap<>(Map.of("a.level", -1L)),
                new TreeMap<>(Map.of("lat", new HistogramSummary(0, 0, Collections.nCopies(19, 0L)))));

        assertThat(EnvoyStats.text(snapshot)).isEqualTo("wasmcustom.a.level: 18446744073709551615\n"
                + "wasmcustom.b_count: 2\n"
                + "wasmcustom." + AI_NAME + ": 24\n"
                + "wasmcustom.lat: No recorded values\n");
    }

    @Test
    void listsEnvoysOwnCountersSortedWithThePluginMetrics() {
        MetricSnapshot snapshot = new MetricSnapshot(new TreeMap<>(Map.of("b_count", 2L)), Map.of(), Map.of());
        String prefix = "wasm.envoy.wasm.runtime.v8.plugin.attrs.";

        assertThat(EnvoyStats.text(snapshot, Map.of(prefix + "rebuild_total", 3L, prefix + "rebuild_explicit_total",
                3L))).isEqualTo(prefix + "rebuild_explicit_total: 3\n" + prefix + "rebuild_total: 3\n"
                + "wasmcustom.b_count: 2\n");
    }

    @Test
    void rendersAHistogramWithEnvoysDefaultBuckets() {
        List<Long> cumulative = List.of(0L, 0L, 0L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 2L, 2L, 2L, 2L);
        MetricSnapshot snapshot = new MetricSnapshot(Map.of(), Map.of(),
                Map.of("token.fetch", new HistogramSummary(2, 5010, cumulative)));

        String prometheus = EnvoyStats.prometheus(snapshot);

        assertThat(prometheus).startsWith("# TYPE token_fetch histogram\n"
                + "token_fetch_bucket{le=\"0.5\"} 0\n" + "token_fetch_bucket{le=\"1\"} 0\n"
                + "token_fetch_bucket{le=\"5\"} 0\n" + "token_fetch_bucket{le=\"10\"} 1\n");
        assertThat(prometheus).endsWith("token_fetch_bucket{le=\"3600000\"} 2\n"
                + "token_fetch_bucket{le=\"+Inf\"} 2\n" + "token_fetch_sum 5010\n" + "token_fetch_count 2\n\n");
        assertThat(EnvoyStats.text(snapshot)).isEqualTo("wasmcustom.token.fetch: P0(nan,10) P25(nan,10) "
                + "P50(nan,10) P75(nan,5000) P90(nan,5000) P95(nan,5000) P99(nan,5000) P99.5(nan,5000) "
                + "P99.9(nan,5000) P100(nan,5000)\n");
    }
}
