package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Envoy's shared-data semantics (proxy-wasm-cpp-host {@code src/shared_data.cc}, {@code shared_data.h}), as the
 * vectors of {@code docs/proxy-wasm-state.md} §2.5 state them.
 */
class SharedDataStoreTest {
    private final SharedDataStore store = new SharedDataStore();

    @Test
    void aMissingKeyIsNotFound() {
        assertThat(store.get("k")).isNull();
    }

    @Test
    void casRaceLetsTheFirstWriterWinAndTheSecondRetry() {
        // §2.5 vector 1.
        store.set("k", bytes("v0"), 0);
        int seen = store.get("k").cas();

        store.set("k", bytes("a"), seen);
        assertThat(HostFixtures.statusOf(() -> store.set("k", bytes("b"), seen))).isEqualTo(HostStatus.CAS_MISMATCH);
        Host.SharedData reread = store.get("k");
        store.set("k", bytes("b"), reread.cas());

        assertThat(store.get("k").value()).isEqualTo(bytes("b"));
        assertThat(store.get("k").cas()).isNotEqualTo(reread.cas());
    }

    /**
     * §2.5 vector 2 (two writers that saw the key missing both write with cas 0: both succeed) and vector 4 (cas 0
     * overwrites an existing key) are one rule: a write with cas 0 always succeeds, and the last one wins.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "vector 2: two writers that saw the key missing both succeed and the last wins, a, b",
        "vector 4: cas 0 overwrites an existing key, v, w",
    })
    void aWriteWithCasZeroAlwaysSucceedsAndTheLastWins(String vector, String first, String last) {
        store.set("k", bytes(first), 0);
        store.set("k", bytes(last), 0);

        assertThat(store.get("k").value()).isEqualTo(bytes(last));
    }

    @Test
    void aMissingKeyIsInsertedWhateverTheCas() {
        // §2.5 vector 3 (shared_data.cc: a key not in the map is emplaced without looking at cas).
        store.set("k", bytes("v"), 12345);

        assertThat(store.get("k").value()).isEqualTo(bytes("v"));
        assertThat(store.get("k").cas()).isEqualTo(1);
    }

    @Test
    void anEmptyValueReadsAsEmptyWithItsCas() {
        // §2.5 vector 5.
        store.set("k", new byte[0], 0);

        assertThat(store.get("k").value()).isEmpty();
        assertThat(store.get("k").cas()).isEqualTo(1);
    }

    @Test
    void versionsComeFromOneCounterForAllKeys() {
        // §2.5 vector 6.
        store.set("a", bytes("1"), 0);
        assertThat(store.get("a").cas()).isEqualTo(1);
        store.set("b", bytes("2"), 0);
        assertThat(store.get("b").cas()).isEqualTo(2);
        store.set("a", bytes("3"), 1);
        assertThat(store.get("a").cas()).isEqualTo(3);
    }

    @Test
    void theCounterSkipsZeroWhenItWraps() {
        store.nextCasForTest(-1);
        store.set("a", bytes("1"), 0);
        store.set("b", bytes("2"), 0);

        assertThat(store.get("a").cas()).isEqualTo(-1);
        assertThat(store.get("b").cas()).isEqualTo(1);
    }

    @Test
    void aReadIsACopy() {
        store.set("k", bytes("v"), 0);
        store.get("k").value()[0] = 'x';

        assertThat(store.get("k").value()).isEqualTo(bytes("v"));
    }

    @Test
    void hostsMadeWithOneStoreShareIt() {
        ProcessStores process = new ProcessStores(store, new SharedQueueStore(), new MetricStore());
        HostEmulator first = new HostEmulator(HostOptions.TEST, process);
        HostEmulator second = new HostEmulator(HostOptions.TEST, process);
        HostEmulator alone = new HostEmulator(HostOptions.TEST);

        first.setSharedData("k", bytes("from first"), 0);

        assertThat(second.sharedData("k").value()).isEqualTo(bytes("from first"));
        assertThat(second.sharedDataStore()).isSameAs(store);
        assertThat(alone.sharedData("k")).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
