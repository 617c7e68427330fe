package io.wasmjava.interop.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.Headers;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.SharedDataStore;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The shared-data API ({@code io.wasmjava.core.shared.SharedData}) and leader election, through
 * {@link SharedDataPlugin}, with two VMs on one store where it matters: Envoy's semantics as
 * {@code docs/proxy-wasm-state.md} §2.5 states them, and Higress's lease (§6.3, wasm-go
 * {@code pkg/wrapper/plugin_wrapper.go:562-639}). {@link SharedDataTest} runs it on the JVM, {@link SharedDataWasmIT}
 * against the compiled module.
 */
abstract class SharedDataScenarios extends PluginScenarios {
    private final SharedDataStore store = new SharedDataStore();

    /** A started VM on the scenario's store with {@code config}, its clock at {@code epochSecond}. */
    private PluginHarness vm(String config, long epochSecond) {
        PluginHarness harness = track(harness().config(config).sharedData(store)
                .startTime(Instant.ofEpochSecond(epochSecond)).build());
        assertThat(harness.start()).as("start").isTrue();
        return harness;
    }

    private PluginHarness vm() {
        return vm("{}", 1000);
    }

    /** A VM that elects as {@code id}, Higress's key and lease. */
    private PluginHarness elector(String id, long epochSecond) {
        return vm("{\"vmId\": \"" + id + "\"}", epochSecond);
    }

    /** Runs one operation on {@code vm}: request headers {@code x-op: op} plus {@code headers}; the answer's body. */
    private static String run(PluginHarness vm, String op, String... headers) {
        Headers.Builder request = Headers.of(":authority", "example.com", ":method", "GET", ":path", "/",
                "x-op", op).newBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            request.add(headers[i], headers[i + 1]);
        }
        HttpStream stream = vm.newStream();
        stream.requestHeaders(request.build(), true);
        String body = stream.localResponse().bodyText();
        stream.complete();
        return body;
    }

    private String stored(String key) {
        byte[] value = store.get(key) == null ? null : store.get(key).value();
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    // ---- the store (§2.5) ----

    @Test
    void aValueOneVmWritesIsReadByTheOtherWithItsVersion() {
        PluginHarness a = vm();
        PluginHarness b = vm();

        assertThat(run(b, "get", "x-key", "k")).isEqualTo("missing");
        assertThat(run(a, "set", "x-key", "k", "x-value", "v1")).isEqualTo("ok");

        assertThat(run(b, "get", "x-key", "k")).isEqualTo("value=v1 cas=1");
    }

    @Test
    void ofTwoWritersWithTheSameVersionOnlyTheFirstSucceeds() {
        // §2.5 vector 1: both read version 1; A writes with it, B's write with it fails; B re-reads and succeeds.
        PluginHarness a = vm();
        PluginHarness b = vm();
        run(a, "set", "x-key", "k", "x-value", "v0");

        assertThat(run(a, "cas", "x-key", "k", "x-value", "from a", "x-cas", "1")).isEqualTo("true");
        assertThat(run(b, "cas", "x-key", "k", "x-value", "from b", "x-cas", "1")).isEqualTo("false");
        assertThat(run(b, "get", "x-key", "k")).isEqualTo("value=from a cas=2");
        assertThat(run(b, "cas", "x-key", "k", "x-value", "from b", "x-cas", "2")).isEqualTo("true");

        assertThat(run(a, "get", "x-key", "k")).isEqualTo("value=from b cas=3");
    }

    @Test
    void insertOnlyLetsOneOfTwoVmsThatSawTheKeyMissingWrite() {
        // With cas 0 both would succeed (§2.5 vector 2); compareAndSet(key, null, v) inserts only if still missing.
        PluginHarness a = vm();
        PluginHarness b = vm();

        assertThat(run(a, "cas", "x-key", "k", "x-value", "from a", "x-cas", "none")).isEqualTo("true");
        assertThat(run(b, "cas", "x-key", "k", "x-value", "from b", "x-cas", "none")).isEqualTo("false");

        assertThat(stored("k")).isEqualTo("from a");
    }

    @Test
    void anUnconditionalWriteReplacesWhateverIsThere() {
        // §2.5 vectors 2 and 4: last writer wins.
        PluginHarness a = vm();
        PluginHarness b = vm();
        run(a, "set", "x-key", "k", "x-value", "from a");
        run(b, "set", "x-key", "k", "x-value", "from b");

        assertThat(run(a, "get", "x-key", "k")).isEqualTo("value=from b cas=2");
    }

    @Test
    void versionsComeFromOneCounterForEveryKey() {
        // §2.5 vector 6.
        PluginHarness a = vm();
        PluginHarness b = vm();
        run(a, "set", "x-key", "a", "x-value", "1");
        run(b, "set", "x-key", "b", "x-value", "2");
        run(a, "set", "x-key", "a", "x-value", "3");

        assertThat(run(b, "get", "x-key", "a")).isEqualTo("value=3 cas=3");
        assertThat(run(a, "get", "x-key", "b")).isEqualTo("value=2 cas=2");
    }

    @Test
    void anEmptyValueReadsAsEmptyWithItsVersion() {
        // §2.5 vector 5.
        PluginHarness a = vm();
        run(a, "set", "x-key", "k", "x-value", "");

        assertThat(run(a, "get", "x-key", "k")).isEqualTo("value= cas=1");
    }

    @Test
    void incrementsFromTwoVmsAddUp() {
        PluginHarness a = vm();
        PluginHarness b = vm();

        assertThat(run(a, "increment", "x-key", "n", "x-attempts", "3")).isEqualTo("WRITTEN 1");
        assertThat(run(b, "increment", "x-key", "n", "x-attempts", "3")).isEqualTo("WRITTEN 2");
        assertThat(run(a, "increment", "x-key", "n", "x-attempts", "3")).isEqualTo("WRITTEN 3");
    }

    @Test
    void anUpdateThatLosesARaceRereadsAndRetriesUpToItsAttempts() {
        // The first attempt meets a write of 10 between its read and its write.
        PluginHarness a = vm();
        run(a, "set", "x-key", "n", "x-value", "5");

        assertThat(run(a, "increment", "x-key", "n", "x-attempts", "1", "x-race", "10")).isEqualTo("CONFLICT 10");
        assertThat(run(a, "increment", "x-key", "n", "x-attempts", "2", "x-race", "10")).isEqualTo("WRITTEN 11");
    }

    @Test
    void anUpdateOfAMissingKeyThatLosesTheInsertRaceRetriesOnTheWinnersValue() {
        PluginHarness a = vm();

        assertThat(run(a, "increment", "x-key", "fresh", "x-attempts", "2", "x-race", "41")).isEqualTo("WRITTEN 42");
    }

    // ---- leader election (§6.3) ----

    @Test
    void theFirstElectorLeadsAndWritesHigressLease() {
        // §6.3 vector 1.
        PluginHarness a = elector("A", 1000);

        assertThat(run(a, "elect")).isEqualTo("true");
        assertThat(run(a, "leader")).isEqualTo("true");

        assertThat(stored("higress_wasm_vm_lease:")).isEqualTo("{\"vmID\":\"A\",\"timestamp\":1000}");
    }

    @Test
    void anotherVmTakesOverOnlyAfterMoreThanTheLeaseSeconds() {
        // §6.3 vector 2.
        PluginHarness a = elector("A", 1000);
        PluginHarness b = elector("B", 1060);
        run(a, "elect");

        assertThat(run(b, "elect")).isEqualTo("false");
        b.advanceTime(1000);
        assertThat(run(b, "elect")).isEqualTo("true");
        assertThat(stored("higress_wasm_vm_lease:")).isEqualTo("{\"vmID\":\"B\",\"timestamp\":1061}");
        a.advanceTime(62_000);
        assertThat(run(a, "elect")).isEqualTo("false");
        assertThat(run(a, "leader")).isEqualTo("false");
    }

    @Test
    void theHolderRenewsItsLease() {
        // §6.3 vector 3.
        PluginHarness a = elector("A", 1000);
        run(a, "elect");
        int before = store.get("higress_wasm_vm_lease:").cas();
        a.advanceTime(30_000);

        assertThat(run(a, "elect")).isEqualTo("true");
        assertThat(stored("higress_wasm_vm_lease:")).isEqualTo("{\"vmID\":\"A\",\"timestamp\":1030}");
        assertThat(store.get("higress_wasm_vm_lease:").cas()).isGreaterThan(before);
    }

    @Test
    void ofTwoVmsTakingOverAnExpiredLeaseOnlyOneLeads() {
        // §6.3 vector 4, one election after the other (the CAS race itself: core's LeaderElectionTest).
        PluginHarness a = elector("A", 1000);
        PluginHarness b = elector("B", 1100);
        PluginHarness c = elector("C", 1100);
        run(a, "elect");

        assertThat(run(b, "elect")).isEqualTo("true");
        assertThat(run(c, "elect")).isEqualTo("false");
    }

    @Test
    void aLeaseThatIsNotJsonStopsEveryElectionUntilOverwrittenAndAnEmptyOneIsTaken() {
        // §6.3 vector 6.
        PluginHarness a = elector("A", 1000);
        PluginHarness b = elector("B", 1000);
        run(a, "set", "x-key", "higress_wasm_vm_lease:", "x-value", "garbage");

        assertThat(run(a, "elect")).isEqualTo("false");
        assertThat(run(b, "elect")).isEqualTo("false");
        assertThat(a.logs()).anyMatch(line -> line.contains("leader election: the lease at higress_wasm_vm_lease: is"));

        run(a, "set", "x-key", "higress_wasm_vm_lease:", "x-value", "");
        assertThat(run(b, "elect")).isEqualTo("true");
        assertThat(run(a, "elect")).isEqualTo("false");
    }

    @Test
    void aTickRunsTheElection() {
        PluginHarness a = vm("{\"vmId\": \"A\", \"leaseKey\": \"my-plugin-lease\", \"leaseSeconds\": 5,"
                + " \"electEveryMillis\": 1000}", 1000);
        PluginHarness b = vm("{\"vmId\": \"B\", \"leaseKey\": \"my-plugin-lease\", \"leaseSeconds\": 5,"
                + " \"electEveryMillis\": 1000}", 1000);

        a.tick();
        b.tick();
        assertThat(run(a, "leader")).isEqualTo("true");
        assertThat(run(b, "leader")).isEqualTo("false");
        // A stops ticking (its VM is gone); after more than 5 s B takes over.
        b.advanceTime(6000);
        b.tick();

        assertThat(run(b, "leader")).isEqualTo("true");
        assertThat(stored("my-plugin-lease")).isEqualTo("{\"vmID\":\"B\",\"timestamp\":1006}");
    }
}
