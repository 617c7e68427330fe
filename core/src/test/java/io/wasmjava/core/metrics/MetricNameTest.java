package io.wasmjava.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link MetricName}, against the name Higress's ai-statistics README shows. */
class MetricNameTest {
    @Test
    void buildsHigressAiNamesAsGenerateMetricNameDoes() {
        assertThat(MetricName.higressAi("ai-route-aliyun.internal", "outbound|443||llm-aliyun.internal.dns",
                "qwen-turbo", "none", "input_token"))
                .isEqualTo("route.ai-route-aliyun.internal.upstream.outbound|443||llm-aliyun.internal.dns.model."
                        + "qwen-turbo.consumer.none.metric.input_token");
    }

    @Test
    void writesHigressDefaultsForValuesItCouldNotRead() {
        assertThat(MetricName.higressAi(null, null, null, null, "total_token"))
                .isEqualTo("route.-.upstream.-.model.none.consumer.none.metric.total_token");
    }

    @Test
    void buildsAnyTaggedName() {
        assertThat(MetricName.tagged().tag("route", "r1").tag("upstream", "c").metric("requests"))
                .isEqualTo("route.r1.upstream.c.metric.requests");
    }

    @Test
    void refusesKeysWithDotsAndEmptyLeaves() {
        assertThatThrownBy(() -> MetricName.tagged().tag("a.b", "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tag key must be non-empty without dots but was a.b");
        assertThatThrownBy(() -> MetricName.tagged().metric("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric leaf name must not be empty");
    }
}
