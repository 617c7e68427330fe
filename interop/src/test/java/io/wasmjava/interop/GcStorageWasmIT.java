package io.wasmjava.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.Headers;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.WasmTrapException;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The garbage collector has room to record every free chunk of a fragmented heap. TeaVM's own GC storage
 * ({@code heap / 16}) overflows when survivors alternate with garbage, and the collector then writes past the end of
 * linear memory (found by the hostile-input suite: a configuration holding an array of 30,000 numbers trapped; the
 * {@code heap-churn} probe repeats what the JSON reader of that time allocated per number).
 */
class GcStorageWasmIT {
    private static final Path PATCHED = Path.of("target/main.wasm");
    private static final Path UNPATCHED = Path.of("target/probe-without-gc-storage-fix.wasm");

    /** Numbers of values: the first JSON reader's per-value allocations trapped from 20,000 on without the fix. */
    private static final int[] SIZES = {20_000, 60_000, 150_000};

    @Test
    void aFragmentedHeapIsCollectedWithTheFix() {
        assertThat(outcomes(PATCHED, "heap-churn", "churned ")).isEqualTo("...");
    }

    @Test
    void withoutTheFixTheCollectorWritesOutsideLinearMemory() {
        assertThat(outcomes(UNPATCHED, "heap-churn", "churned ")).isEqualTo("XXX");
    }

    @Test
    void parsingLargeJsonArraysNeverTraps() {
        assertThat(outcomes(PATCHED, "json-array", "parsed ")).isEqualTo("...");
    }

    /** One character per size, each in a fresh VM: '.' the probe answered, 'X' the VM trapped. */
    private static String outcomes(Path module, String probe, String answer) {
        StringBuilder outcomes = new StringBuilder();
        for (int size : SIZES) {
            try (PluginHarness harness = PluginHarness.builder(Engines.wasm(module)).config("{}").build()) {
                assertThat(harness.start()).isTrue();
                HttpStream stream = harness.newStream();
                String outcome;
                try {
                    stream.requestHeaders(Headers.of(":method", "GET", ":path", "/", ":authority", "probe",
                            "x-probe", probe, "x-operand", Integer.toString(size)), true);
                    outcome = stream.localResponse().bodyText();
                } catch (WasmTrapException trap) {
                    assertThat(trap).hasMessageContaining(Traps.outOfBoundsMemoryAccess());
                    outcome = "trap";
                }
                outcomes.append(outcome.equals(answer + size) ? '.' : outcome.equals("trap") ? 'X' : '?');
            }
        }
        return outcomes.toString();
    }
}
