package io.wasmjava.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.Log;
import io.wasmjava.core.runtime.RecordingHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Metrics} against {@link RecordingHost}, which records the metric calls and can refuse them. */
class MetricsTest {
    private final RecordingHost host = new RecordingHost();
    /** The metric calls the host saw, as text. */
    private final List<String> calls = host.metricCalls;
    private final Metrics metrics = Metrics.create(host, new Log(host, "p", null, null));

    @Test
    void definesEachNameOncePerTypeAndReturnsTheSameMetric() {
        Counter first = metrics.counter("a");
        Counter again = metrics.counter("a");
        metrics.gauge("a");
        metrics.histogram("h");

        assertThat(again).isSameAs(first);
        assertThat(calls).containsExactly("defineMetric COUNTER a", "defineMetric GAUGE a",
                "defineMetric HISTOGRAM h");
    }

    @Test
    void sendsOnlyWhatEnvoyAccepts() {
        Counter counter = metrics.counter("c");
        Gauge gauge = metrics.gauge("g");
        Histogram histogram = metrics.histogram("h");
        calls.clear();

        counter.add(0);
        counter.add(-3);
        counter.increment();
        counter.add(5);
        gauge.add(0);
        gauge.add(-2);
        gauge.set(9);
        histogram.record(-1);
        histogram.record(30);
        host.metricValue = 42;
        long value = counter.value();

        assertThat(calls).containsExactly("incrementMetric 4 1", "incrementMetric 4 5", "incrementMetric 8 -2",
                "recordMetric 8 9", "recordMetric 12 30", "metric 4");
        assertThat(value).isEqualTo(42);
    }

    @Test
    void aRefusedDefineDropsUpdatesAndIsLoggedOnce() {
        host.refusedMetricCalls.add("defineMetric");

        Counter counter = metrics.counter("c");
        counter.increment();
        counter.add(3);
        metrics.counter("c").increment();

        assertThat(calls).containsExactly("defineMetric COUNTER c");
        assertThat(logs()).containsExactly("WARN [p] [nil] [nil] metric c not defined "
                + "(proxy_define_metric: UNIMPLEMENTED); its updates are dropped");
        assertThatThrownBy(counter::value).isInstanceOf(IllegalStateException.class)
                .hasMessage("metric c was not defined; see the WARN log");
    }

    @Test
    void aRefusedUpdateIsDroppedAndLoggedOncePerMetric() {
        Counter counter = metrics.counter("c");
        host.refusedMetricCalls.add("incrementMetric");

        counter.increment();
        counter.increment();

        assertThat(calls).containsExactly("defineMetric COUNTER c", "incrementMetric 4 1", "incrementMetric 4 1");
        assertThat(logs()).containsExactly("WARN [p] [nil] [nil] metric c update refused "
                + "(proxy_increment_metric: UNIMPLEMENTED); this and later refused updates are dropped");
    }

    @Test
    void stopsDefiningPastTheCapAndSaysSoOnce() {
        for (int i = 0; i < Metrics.MAX_METRICS; i++) {
            metrics.counter("n" + i);
        }
        calls.clear();

        Counter over = metrics.counter("over-1");
        over.increment();
        metrics.gauge("over-2").set(1);

        assertThat(metrics.counter("over-1")).as("not cached past the cap").isNotSameAs(over);
        assertThat(calls).isEmpty();
        assertThat(logs()).containsExactly("WARN [p] [nil] [nil] metric over-1 not defined: this VM already has 10000 "
                + "metrics; updates of further names are dropped");
    }

    /** Every log line, as {@code "<level> <message>"}. */
    private List<String> logs() {
        return host.logs.stream().map(record -> record[0] + " " + record[1]).toList();
    }

    @Test
    void refusesAnEmptyName() {
        assertThatThrownBy(() -> metrics.counter("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric name must not be empty");
    }
}
