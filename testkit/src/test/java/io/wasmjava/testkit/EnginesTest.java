package io.wasmjava.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnginesTest {
    @Test
    void explainsHowToBuildAMissingMainWasm() {
        String previous = System.getProperty(Engines.WASM_PATH_PROPERTY);
        System.setProperty(Engines.WASM_PATH_PROPERTY, "target/does-not-exist.wasm");
        try {
            assertThatThrownBy(Engines::mainWasm)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does-not-exist.wasm")
                    .hasMessageContaining("mvn package");
        } finally {
            if (previous == null) {
                System.clearProperty(Engines.WASM_PATH_PROPERTY);
            } else {
                System.setProperty(Engines.WASM_PATH_PROPERTY, previous);
            }
        }
    }
}
