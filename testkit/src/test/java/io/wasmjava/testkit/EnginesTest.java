package io.wasmjava.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.host.WasmExecution;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EnginesTest {
    /** Runs {@code action} with the system property {@code name} set to {@code value}, then restores it. */
    private static <T> T withProperty(String name, String value, Supplier<T> action) {
        String previous = System.getProperty(name);
        System.setProperty(name, value);
        try {
            return action.get();
        } finally {
            if (previous == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, previous);
            }
        }
    }

    @Test
    void picksTheEngineTheBuildNames() {
        assertThat(withProperty(Engines.ENGINE_PROPERTY, "chicory", Engines::engine)).isEqualTo(WasmExecution.COMPILED);
        assertThat(withProperty(Engines.ENGINE_PROPERTY, "V8", Engines::engine)).isEqualTo(WasmExecution.V8);
        assertThat(withProperty(Engines.ENGINE_PROPERTY, "", Engines::engine)).isEqualTo(WasmExecution.COMPILED);
        assertThatThrownBy(() -> withProperty(Engines.ENGINE_PROPERTY, "wamr", Engines::engine))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("-Dwasmjava.engine=wamr names no engine: use chicory or v8");
    }

    @Test
    void explainsHowToBuildAMissingMainWasm() {
        assertThatThrownBy(() -> withProperty(Engines.WASM_PATH_PROPERTY, "target/does-not-exist.wasm",
                Engines::mainWasm))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does-not-exist.wasm")
                .hasMessageContaining("mvn package");
    }
}
