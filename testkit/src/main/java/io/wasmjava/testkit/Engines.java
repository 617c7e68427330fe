package io.wasmjava.testkit;

import io.wasmjava.core.Plugin;
import io.wasmjava.host.JvmEngine;
import io.wasmjava.host.PluginEngine;
import io.wasmjava.host.WasmEngine;
import io.wasmjava.host.WasmExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The two ways to run a plugin under test. Pass the result to {@link PluginHarness#builder}.
 *
 * <ul>
 *   <li>{@link #jvm(Plugin)}: the plugin's Java code on the JVM, through the SDK's dispatcher and a
 *       {@link io.wasmjava.host.FakeHost}. Fast, debuggable, and what {@code FooTest} classes use.</li>
 *   <li>{@link #wasm(Path)}: the TeaVM-compiled module ({@code target/main.wasm}) on Chicory or on V8 (system
 *       property {@value #ENGINE_PROPERTY}), through the test kit's own proxy-wasm host. Proves the compiled artifact
 *       behaves the same; what {@code FooWasmIT} classes use. The build runs every {@code FooWasmIT} once per
 *       engine.</li>
 * </ul>
 */
public final class Engines {
    /** System property that overrides where {@link #mainWasm()} looks for the module. */
    public static final String WASM_PATH_PROPERTY = "wasmjava.wasm";

    /**
     * System property that picks the engine of {@link #wasm(Path)}: {@code chicory} (the default: Chicory's compiler)
     * or {@code v8}.
     */
    public static final String ENGINE_PROPERTY = "wasmjava.engine";

    private Engines() {
    }

    /**
     * Runs {@code plugin}'s Java code on the JVM. Each harness gets a fresh dispatcher, so tests do not share state.
     *
     * @throws NullPointerException if {@code plugin} is null
     */
    public static PluginEngine.Factory jvm(Plugin<?> plugin) {
        return JvmEngine.factory(plugin);
    }

    /**
     * Runs the module at {@code mainWasm} on the engine system property {@value #ENGINE_PROPERTY} names: Chicory's
     * runtime compiler unless it says {@code v8}. On Chicory the module is parsed and compiled on first use and cached
     * per file (and per modification time) for the JVM's lifetime; each harness gets its own instance.
     *
     * @throws IllegalStateException if the file does not exist or the property names no engine
     * @throws org.opentest4j.TestAbortedException (the test is skipped, with the reason) if the engine cannot run on
     *     this machine
     */
    public static PluginEngine.Factory wasm(Path mainWasm) {
        return wasm(mainWasm, engine());
    }

    /**
     * Runs the module at {@code mainWasm} as {@code execution} says.
     *
     * @throws IllegalStateException if the file does not exist
     * @throws org.opentest4j.TestAbortedException (the test is skipped, with the reason) if the engine cannot run on
     *     this machine, as V8 without Javet's native library for the platform
     */
    public static PluginEngine.Factory wasm(Path mainWasm, WasmExecution execution) {
        Optional<String> unavailable = WasmEngine.unavailable(execution);
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> "skipped on " + execution + ": " + unavailable.get());
        return WasmEngine.factory(mainWasm, execution);
    }

    /**
     * The engine system property {@value #ENGINE_PROPERTY} names: {@link WasmExecution#COMPILED} for {@code chicory}
     * or no value, {@link WasmExecution#V8} for {@code v8}.
     *
     * @throws IllegalStateException for any other value
     */
    public static WasmExecution engine() {
        String configured = System.getProperty(ENGINE_PROPERTY, "chicory").trim().toLowerCase(Locale.ROOT);
        return switch (configured) {
            case "", "chicory" -> WasmExecution.COMPILED;
            case "v8" -> WasmExecution.V8;
            default -> throw new IllegalStateException("-D" + ENGINE_PROPERTY + "=" + configured
                    + " names no engine: use chicory or v8");
        };
    }

    /**
     * Skips the calling test unless {@link #engine()} is Chicory: for tests of Chicory's own modes, which the build's
     * V8 run would only repeat.
     *
     * @param why what ties the test to Chicory, shown as the reason it was skipped
     */
    public static void assumeChicory(String why) {
        Assumptions.assumeTrue(engine() != WasmExecution.V8, () -> "runs on Chicory only: " + why);
    }

    /**
     * The module under test: the path in system property {@value #WASM_PATH_PROPERTY} if set, else
     * {@code target/main.wasm} in the working directory (Maven runs tests in the module's directory).
     *
     * @throws IllegalStateException with instructions if the file does not exist
     */
    public static Path mainWasm() {
        String configured = System.getProperty(WASM_PATH_PROPERTY);
        Path path = configured != null && !configured.isEmpty() ? Path.of(configured) : Path.of("target", "main.wasm");
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("Wasm module not found at " + path.toAbsolutePath().normalize()
                    + ". Build it first: `mvn package` (or `mvn verify`) runs TeaVM in process-classes and writes "
                    + "target/main.wasm; or point -D" + WASM_PATH_PROPERTY + "=... at a module.");
        }
        return path;
    }
}
