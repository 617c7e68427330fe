package io.wasmjava.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.wasmjava.core.LogLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.function.Executable;

/**
 * Base class for scenario classes that run in both modes. Write the scenarios once in an abstract subclass; a
 * {@code FooTest} subclass supplies {@link Engines#jvm} and a {@code FooWasmIT} subclass {@link Engines#wasm}:
 *
 * <pre>{@code
 * abstract class MyPluginScenarios extends PluginScenarios {
 *     @Test
 *     void addsHelloHeader() {
 *         HttpStream stream = start("{}").newStream();
 *         stream.requestHeaders(Headers.of(":path", "/"), true);
 *         assertThat(stream.requestHeaders()).isEqualTo(Headers.of(":path", "/", "hello", "world"));
 *     }
 * }
 *
 * class MyPluginTest extends MyPluginScenarios {
 *     protected PluginHarness.Builder harness() {
 *         return PluginHarness.builder(Engines.jvm(MyPlugin.definition()));
 *     }
 * }
 *
 * class MyPluginWasmIT extends MyPluginScenarios {
 *     protected PluginHarness.Builder harness() {
 *         return PluginHarness.builder(Engines.wasm(Engines.mainWasm()));
 *     }
 * }
 * }</pre>
 *
 * <p>Harnesses made by {@link #start(String)} or {@link #start(PluginHarness.Builder)}, or passed to {@link #track},
 * are closed after each test.
 *
 * <p>For hostile-input suites (see {@link HostileInputs}), {@link #hostile} and {@link #configuresOrRefuses} state the
 * common outcome: bounded time, no uncaught exception, and a refused configuration that says why.
 */
public abstract class PluginScenarios {
    /** How long one hostile-input case may run before it counts as a hang. */
    protected static final Duration HOSTILE_BOUND = Duration.ofSeconds(60);

    private final List<PluginHarness> harnesses = new ArrayList<>();

    /** A builder on the engine under test; scenarios add their configuration to it. */
    protected abstract PluginHarness.Builder harness();

    /**
     * Builds a harness with {@code configJson}, starts it and closes it after the test.
     *
     * @throws AssertionError if the plugin does not start; the message carries the plugin's logs
     */
    protected PluginHarness start(String configJson) {
        return start(harness().config(configJson));
    }

    /**
     * Builds a harness from {@code builder} (for settings beyond the configuration: properties, foreign functions,
     * shared stores), starts it and closes it after the test. For a start that may fail, build and
     * {@link #track} the harness and assert on {@link PluginHarness#start()} instead.
     *
     * @throws AssertionError if the plugin does not start; the message carries the configuration, the plugin's logs
     *     and, when there are any, the errors of the Redis bridge
     */
    protected PluginHarness start(PluginHarness.Builder builder) {
        PluginHarness harness = track(builder.build());
        if (!harness.start()) {
            List<String> bridgeErrors = harness.host().redisBridgeErrors();
            throw new AssertionError("the plugin did not start with configuration " + builder.configurationText()
                    + "; logs: " + harness.logRecords()
                    + (bridgeErrors.isEmpty() ? "" : "; redis bridge errors: " + bridgeErrors));
        }
        return harness;
    }

    /**
     * Runs one hostile-input case: {@code scenario} must finish within {@link #HOSTILE_BOUND} (a case that does not
     * is a hang, and fails), and no harness the test started may have logged at CRITICAL, which is how the SDK
     * reports an exception the plugin left unhandled. A trap in the module fails the case through the harness.
     */
    protected void hostile(Executable scenario) {
        assertTimeoutPreemptively(HOSTILE_BOUND, scenario);
        for (PluginHarness harness : harnesses) {
            assertThat(harness.logs(LogLevel.CRITICAL)).as("uncaught exceptions").isEmpty();
        }
    }

    /**
     * A hostile configuration, as a {@link #hostile} case: the plugin either starts, and then {@code whenStarted}
     * drives it, or refuses the configuration with a reason: errors logged, the last one "plugin start failed".
     */
    protected void configuresOrRefuses(byte[] configuration, Consumer<PluginHarness> whenStarted) {
        hostile(() -> {
            PluginHarness harness = track(harness().configBytes(configuration).build());
            if (harness.start()) {
                whenStarted.accept(harness);
            } else {
                List<String> errors = harness.logs(LogLevel.ERROR);
                assertThat(errors).as("errors of a refused configuration").hasSizeGreaterThan(1);
                assertThat(errors.get(errors.size() - 1)).endsWith("plugin start failed");
            }
        });
    }

    /** Closes {@code harness} after the test; returns it. */
    protected PluginHarness track(PluginHarness harness) {
        harnesses.add(harness);
        return harness;
    }

    @AfterEach
    void closeHarnesses() {
        for (PluginHarness harness : harnesses) {
            harness.close();
        }
        harnesses.clear();
    }
}
