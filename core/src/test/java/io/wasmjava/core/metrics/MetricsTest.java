package io.wasmjava.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.Log;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.core.host.MetricType;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Metrics} against a fake host that records the metric calls and can refuse them. */
class MetricsTest {
    /** The metric calls a fake host saw, as text; its log lines; which calls it refuses. */
    private final List<String> calls = new ArrayList<>();
    private final List<String> logs = new ArrayList<>();
    private final Set<String> refused = new HashSet<>();
    private int nextId = 4;

    private final Host host = (Host) Proxy.newProxyInstance(Host.class.getClassLoader(), new Class<?>[] {Host.class},
            (proxy, method, args) -> {
                switch (method.getName()) {
                    case "logLevel":
                        return LogLevel.TRACE;
                    case "log":
                        logs.add(args[0] + " " + args[1]);
                        return null;
                    case "defineMetric":
                    case "incrementMetric":
                    case "recordMetric":
                    case "metric":
                        calls.add(method.getName() + " " + args[0] + (args.length > 1 ? " " + args[1] : ""));
                        if (refused.contains(method.getName())) {
                            throw new HostStatusException(method.getName().equals("defineMetric")
                                    ? "proxy_define_metric" : "proxy_increment_metric", HostStatus.UNIMPLEMENTED.code());
                        }
                        return switch (method.getName()) {
                            case "defineMetric" -> (nextId += 4) - 4;
                            case "metric" -> 42L;
                            default -> null;
                        };
                    default:
                        throw new AssertionError("the fake host does not model " + method.getName());
                }
            });
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
        long value = counter.value();

        assertThat(calls).containsExactly("incrementMetric 4 1", "incrementMetric 4 5", "incrementMetric 8 -2",
                "recordMetric 8 9", "recordMetric 12 30", "metric 4");
        assertThat(value).isEqualTo(42);
    }

    @Test
    void aRefusedDefineDropsUpdatesAndIsLoggedOnce() {
        refused.add("defineMetric");

        Counter counter = metrics.counter("c");
        counter.increment();
        counter.add(3);
        metrics.counter("c").increment();

        assertThat(calls).containsExactly("defineMetric COUNTER c");
        assertThat(logs).containsExactly("WARN [p] [nil] [nil] metric c not defined "
                + "(proxy_define_metric: UNIMPLEMENTED); its updates are dropped");
        assertThatThrownBy(counter::value).isInstanceOf(IllegalStateException.class)
                .hasMessage("metric c was not defined; see the WARN log");
    }

    @Test
    void aRefusedUpdateIsDroppedAndLoggedOncePerMetric() {
        Counter counter = metrics.counter("c");
        refused.add("incrementMetric");

        counter.increment();
        counter.increment();

        assertThat(calls).containsExactly("defineMetric COUNTER c", "incrementMetric 4 1", "incrementMetric 4 1");
        assertThat(logs).containsExactly("WARN [p] [nil] [nil] metric c update refused "
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
        assertThat(logs).containsExactly("WARN [p] [nil] [nil] metric over-1 not defined: this VM already has 10000 "
                + "metrics; updates of further names are dropped");
    }

    @Test
    void refusesAnEmptyName() {
        assertThatThrownBy(() -> metrics.counter("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric name must not be empty");
    }
}
