package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.host.WasmExecution;
import org.junit.jupiter.api.Test;

/** {@code --engine}: which engine the gateway's plugin VMs run on. */
class EngineOptionTest {
    private static final String[] RUN = {"--upstream", "http://127.0.0.1:1"};

    private static GatewayConfig run(String... more) {
        String[] args = new String[RUN.length + more.length];
        System.arraycopy(RUN, 0, args, 0, RUN.length);
        System.arraycopy(more, 0, args, RUN.length, more.length);
        return Main.parseRun(args);
    }

    @Test
    void runsOnV8UnlessToldOtherwise() {
        assertThat(run().engine()).isEqualTo(WasmExecution.V8);
        assertThat(GatewayConfig.DEFAULT_ENGINE).isEqualTo(WasmExecution.V8);
    }

    @Test
    void namesV8OrChicorysCompilerInAnyCase() {
        assertThat(run("--engine", "chicory").engine()).isEqualTo(WasmExecution.COMPILED);
        assertThat(run("--engine", "V8").engine()).isEqualTo(WasmExecution.V8);
    }

    @Test
    void refusesAnyOtherEngine() {
        assertThatThrownBy(() -> run("--engine", "wasmtime"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--engine must be v8 or chicory but was wasmtime");
    }
}
