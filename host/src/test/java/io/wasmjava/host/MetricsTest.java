package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.MetricType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The metric vectors of shared/docs/proxy-wasm-state.md §1.6, from Envoy's {@code Context::defineMetric} ..
 * {@code getMetric} (higress-group/envoy envoy-1.27 {@code source/extensions/common/wasm/context.cc}) and
 * proxy-wasm-cpp-host's id counters ({@code include/proxy-wasm/wasm.h}).
 */
class MetricsTest {
    private final HostEmulator host = new HostEmulator();

    @Test
    void givesPerTypeIdsInStepsOfFourAndOneStatPerName() {
        int first = host.defineMetric(MetricType.COUNTER, "a");
        int second = host.defineMetric(MetricType.COUNTER, "a");
        int gauge = host.defineMetric(MetricType.GAUGE, "g");
        int histogram = host.defineMetric(MetricType.HISTOGRAM, "h");
        int secondGauge = host.defineMetric(MetricType.GAUGE, "g2");

        host.incrementMetric(first, 3);
        host.incrementMetric(second, 2);

        assertThat(List.of(first, second, gauge, histogram, secondGauge)).containsExactly(4, 8, 5, 6, 9);
        assertThat(List.of(host.metric(first), host.metric(second))).containsExactly(5L, 5L);
    }

    @Test
    void followsEnvoyOnIncrementRecordAndGet() {
        int counter = host.defineMetric(MetricType.COUNTER, "c");
        int gauge = host.defineMetric(MetricType.GAUGE, "g");
        int histogram = host.defineMetric(MetricType.HISTOGRAM, "h");
        host.incrementMetric(counter, 5);
        host.recordMetric(gauge, 5);

        HostStatus zero = HostFixtures.statusOf(() -> host.incrementMetric(counter, 0));
        HostStatus huge = HostFixtures.statusOf(() -> host.incrementMetric(counter, Long.MIN_VALUE));
        host.incrementMetric(gauge, -3);
        long gaugeAfterAdd = host.metric(gauge);
        host.recordMetric(counter, 7);
        host.recordMetric(gauge, 7);
        host.recordMetric(histogram, 100);

        assertThat(List.of(zero, huge)).containsExactly(HostStatus.BAD_ARGUMENT, HostStatus.BAD_ARGUMENT);
        assertThat(List.of(gaugeAfterAdd, host.metric(counter), host.metric(gauge))).containsExactly(2L, 12L, 7L);
        assertThat(HostFixtures.statusOf(() -> host.metric(histogram))).isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(HostFixtures.statusOf(() -> host.incrementMetric(histogram, 1))).isEqualTo(HostStatus.BAD_ARGUMENT);
        assertThat(host.metrics().histogram("h").count()).isEqualTo(1);
    }

    @Test
    void reportsUnknownIdsAsEnvoyDoes() {
        assertThat(List.of(
                HostFixtures.statusOf(() -> host.incrementMetric(400, 1)),
                HostFixtures.statusOf(() -> host.incrementMetric(401, 1)),
                HostFixtures.statusOf(() -> host.incrementMetric(402, 1)),
                HostFixtures.statusOf(() -> host.recordMetric(402, 1)),
                HostFixtures.statusOf(() -> host.metric(401)),
                HostFixtures.statusOf(() -> host.metric(403))))
                .containsExactly(HostStatus.NOT_FOUND, HostStatus.NOT_FOUND, HostStatus.BAD_ARGUMENT,
                        HostStatus.NOT_FOUND, HostStatus.NOT_FOUND, HostStatus.BAD_ARGUMENT);
    }

    @Test
    void keepsCountingAcrossAReplacedVmOnASharedStore() {
        MetricStore store = new MetricStore();
        ProcessStores process = new ProcessStores(new SharedDataStore(), new SharedQueueStore(), store);
        HostEmulator old = new HostEmulator(HostOptions.TEST, process);
        old.incrementMetric(old.defineMetric(MetricType.COUNTER, "a"), 5);
        HostEmulator replacement = new HostEmulator(HostOptions.TEST, process);

        int id = replacement.defineMetric(MetricType.COUNTER, "a");
        replacement.incrementMetric(id, 1);

        assertThat(id).isEqualTo(4);
        assertThat(store.snapshot().counters()).isEqualTo(Map.of("a", 6L));
    }
}
