package io.wasmjava.testkit;

import io.wasmjava.core.Plugin;
import io.wasmjava.host.JvmEngine;
import io.wasmjava.host.PluginEngine;
import io.wasmjava.host.WasmEngine;
import io.wasmjava.host.WasmExecution;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two ways to run a plugin under test. Pass the result to {@link PluginHarness#builder}.
 *
 * <ul>
 *   <li>{@link #jvm(Plugin)}: the plugin's Java code on the JVM, through the SDK's dispatcher and a
 *       {@link io.wasmjava.host.FakeHost}. Fast, debuggable, and what {@code FooTest} classes use.</li>
 *   <li>{@link #wasm(Path)}: the TeaVM-compiled module ({@code target/main.wasm}) on Chicory, through the test kit's
 *       own proxy-wasm host. Proves the compiled artifact behaves the same; what {@code FooWasmIT} classes use.</li>
 * </ul>
 */
public final class Engines {
    /** System property that overrides where {@link #mainWasm()} looks for the module. */
    public static final String WASM_PATH_PROPERTY = "wasmjava.wasm";

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
     * Runs the module at {@code mainWasm} with Chicory's runtime compiler. The module is parsed and compiled on
     * first use and cached per file (and per modification time) for the JVM's lifetime; each harness gets its own
     * instance.
     *
     * @throws IllegalStateException if the file does not exist
     */
    public static PluginEngine.Factory wasm(Path mainWasm) {
        return wasm(mainWasm, WasmExecution.COMPILED);
    }

    /**
     * Runs the module at {@code mainWasm} as {@code execution} says.
     *
     * @throws IllegalStateException if the file does not exist
     */
    public static PluginEngine.Factory wasm(Path mainWasm, WasmExecution execution) {
        return WasmEngine.factory(mainWasm, execution);
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
