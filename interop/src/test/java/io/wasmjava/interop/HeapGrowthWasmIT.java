package io.wasmjava.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The module's heap grows to hold any allocation below its maximum. TeaVM 0.13.1's own growth asks for exactly the
 * missing bytes, rounds to 8 and then refuses a tail of {@code size + 4}: whether a large allocation traps depends on
 * the parity of everything allocated before it (the project's teavm-heap notes, §3). Each case runs in a fresh VM,
 * where that outcome is deterministic: a 400 KB array that fits the 1 MiB initial heap, then one of 800,000 + k
 * bytes that makes it grow.
 */
class HeapGrowthWasmIT {
    private static final Path PATCHED = RoastedrootHost.module("target/main.wasm");
    private static final Path UNPATCHED = RoastedrootHost.module("target/probe-without-heap-fix.wasm");

    @Test
    void everyGrowthSizeFitsWithTheFix() throws Exception {
        assertThat(growthOutcomes(PATCHED)).isEqualTo(".........");
    }

    @Test
    void withoutTheFixSomeGrowthSizesTrap() throws Exception {
        // The negative fixture: the same probe compiled with wasmjava.heapGrowthFix=false.
        assertThat(growthOutcomes(UNPATCHED)).contains("X").contains(".");
    }

    @Test
    void anAllocationAfterOneThatFillsTheGrownHeapDoesNotHang() throws Exception {
        // Unpatched, an exact fit leaves no free chunk and the next collection never returns (teavm-heap notes, §5).
        try (RoastedrootHost host = RoastedrootHost.start(PATCHED, "{}")) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                assertThat(keep(host, 1_100_000)).isEqualTo("kept 1");
                for (int i = 0; i < 200; i++) {
                    assertThat(keep(host, 1000)).isEqualTo("kept " + (i + 2));
                }
            });
        }
    }

    @Test
    void arraysUpToTensOfMegabytesFitAndTheHeapIsReusedAfterRelease() throws Exception {
        try (RoastedrootHost host = RoastedrootHost.start(PATCHED, "{}")) {
            for (int round = 0; round < 3; round++) {
                assertThat(keep(host, 24 * 1024 * 1024)).isEqualTo("kept 1");
                assertThat(keep(host, 40 * 1024 * 1024 + 3)).isEqualTo("kept 2");
                assertThat(host.request(":path", "/", "x-probe", "heap-release").localBodyText())
                        .isEqualTo("released");
            }
        }
    }

    /** One character per k = 0..8: '.' both arrays were kept, 'X' the VM trapped. */
    private static String growthOutcomes(Path module) throws Exception {
        StringBuilder outcomes = new StringBuilder();
        for (int k = 0; k <= 8; k++) {
            RoastedrootHost host = RoastedrootHost.start(module, "{}");
            assertThat(keep(host, 400_000)).isEqualTo("kept 1");
            String second;
            try {
                second = keep(host, 800_000 + k);
            } catch (RuntimeException trap) {
                second = "trap";
            }
            outcomes.append(second.equals("kept 2") ? '.' : second.equals("trap") ? 'X' : '?');
            try {
                host.close();
            } catch (RuntimeException | AssertionError afterTrap) {
                // A trapped VM cannot run its delete callbacks; nothing else to release.
            }
        }
        return outcomes.toString();
    }

    private static String keep(RoastedrootHost host, int bytes) {
        return host.request(":path", "/", "x-probe", "heap-keep", "x-operand", Integer.toString(bytes))
                .localBodyText();
    }
}
