package io.wasmjava.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.Headers;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.HttpStream;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.WasmTrapException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The garbage collector has room to record every free chunk of a fragmented heap. TeaVM's own GC storage
 * ({@code heap / 16}) overflows when survivors alternate with garbage, and the collector then writes past the end of
 * linear memory (found by the hostile-input suite: a configuration holding an array of 30,000 numbers trapped).
 */
class GcStorageWasmIT {
    private static final Path PATCHED = Path.of("target/main.wasm");
    private static final Path UNPATCHED = Path.of("target/probe-without-gc-storage-fix.wasm");

    /** Sizes at which TeaVM's own storage overflowed in some build: the outcome depends on the module's layout. */
    private static final int[] SIZES = {25_000, 30_000, 40_000, 60_000, 100_000, 150_000};

    @Test
    void parsingLargeJsonArraysNeverTrapsWithTheFix() {
        assertThat(outcomes(PATCHED)).isEqualTo("......");
    }

    @Test
    void withoutTheFixSomeSizesMakeTheCollectorWriteOutsideLinearMemory() {
        assertThat(outcomes(UNPATCHED)).contains("X");
    }

    /** One character per size, each in a fresh VM: '.' parsed, 'X' trapped. */
    private static String outcomes(Path module) {
        StringBuilder outcomes = new StringBuilder();
        for (int size : SIZES) {
            try (PluginHarness harness = PluginHarness.builder(Engines.wasm(module)).config("{}").build()) {
                assertThat(harness.start()).isTrue();
                HttpStream stream = harness.newStream();
                String outcome;
                try {
                    stream.requestHeaders(Headers.of(":method", "GET", ":path", "/", ":authority", "probe",
                            "x-probe", "json-array", "x-operand", Integer.toString(size)), true);
                    outcome = stream.localResponse().bodyText();
                } catch (WasmTrapException trap) {
                    assertThat(trap).hasMessageContaining("out of bounds memory access");
                    outcome = "trap";
                }
                outcomes.append(outcome.equals("parsed " + size) ? '.' : outcome.equals("trap") ? 'X' : '?');
            }
        }
        return outcomes.toString();
    }
}
