package io.wasmjava.testkit;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

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
 * <p>Harnesses made by {@link #start(String)} or passed to {@link #track} are closed after each test.
 */
public abstract class PluginScenarios {
    private final List<PluginHarness> harnesses = new ArrayList<>();

    /** A builder on the engine under test; scenarios add their configuration to it. */
    protected abstract PluginHarness.Builder harness();

    /**
     * Builds a harness with {@code configJson}, starts it and closes it after the test.
     *
     * @throws AssertionError if the plugin does not start; the message carries the plugin's logs
     */
    protected PluginHarness start(String configJson) {
        PluginHarness harness = track(harness().config(configJson).build());
        if (!harness.start()) {
            throw new AssertionError("the plugin did not start with configuration " + configJson + "; logs: "
                    + harness.logRecords());
        }
        return harness;
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
