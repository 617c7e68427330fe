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
        return start(harness().config(config).sharedData(store).startTime(Instant.ofEpochSecond(epochSecond)));
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

    /** Writes {@code value} at {@code key} unconditionally (cas 0); the answer's body. */
    private static String set(PluginHarness vm, String key, String value) {
        return run(vm, "set", "x-key", key, "x-value", value);
    }

    /** Reads {@code key}: {@code value=... cas=N}, or {@code missing}. */
    private static String get(PluginHarness vm, String key) {
        return run(vm, "get", "x-key", key);
    }

    /** Writes {@code value} at {@code key} if its version is {@code cas} ({@code none}: only if missing). */
    private static String cas(PluginHarness vm, String key, String value, String cas) {
        return run(vm, "cas", "x-key", key, "x-value", value, "x-cas", cas);
    }

    /** Adds one to the number at {@code key} in at most {@code attempts} read-and-write attempts. */
    private static String increment(PluginHarness vm, String key, String attempts) {
        return run(vm, "increment", "x-key", key, "x-attempts", attempts);
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

        assertThat(get(b, "k")).isEqualTo("missing");
        assertThat(set(a, "k", "v1")).isEqualTo("ok");

        assertThat(get(b, "k")).isEqualTo("value=v1 cas=1");
    }

    @Test
    void ofTwoWritersWithTheSameVersionOnlyTheFirstSucceeds() {
        // §2.5 vector 1: both read version 1; A writes with it, B's write with it fails; B re-reads and succeeds.
        PluginHarness a = vm();
        PluginHarness b = vm();
        set(a, "k", "v0");

        assertThat(cas(a, "k", "from a", "1")).isEqualTo("true");
        assertThat(cas(b, "k", "from b", "1")).isEqualTo("false");
        assertThat(get(b, "k")).isEqualTo("value=from a cas=2");
        assertThat(cas(b, "k", "from b", "2")).isEqualTo("true");

        assertThat(get(a, "k")).isEqualTo("value=from b cas=3");
    }

    @Test
    void insertOnlyLetsOneOfTwoVmsThatSawTheKeyMissingWrite() {
        // With cas 0 both would succeed (§2.5 vector 2); compareAndSet(key, null, v) inserts only if still missing.
        PluginHarness a = vm();
        PluginHarness b = vm();

        assertThat(cas(a, "k", "from a", "none")).isEqualTo("true");
        assertThat(cas(b, "k", "from b", "none")).isEqualTo("false");

        assertThat(stored("k")).isEqualTo("from a");
    }

    @Test
    void anUnconditionalWriteReplacesWhateverIsThere() {
        // §2.5 vectors 2 and 4: last writer wins.
        PluginHarness a = vm();
        PluginHarness b = vm();
        set(a, "k", "from a");
        set(b, "k", "from b");

        assertThat(get(a, "k")).isEqualTo("value=from b cas=2");
    }

    @Test
    void versionsComeFromOneCounterForEveryKey() {
        // §2.5 vector 6.
        PluginHarness a = vm();
        PluginHarness b = vm();
        set(a, "a", "1");
        set(b, "b", "2");
        set(a, "a", "3");

        assertThat(get(b, "a")).isEqualTo("value=3 cas=3");
        assertThat(get(a, "b")).isEqualTo("value=2 cas=2");
    }

    @Test
    void anEmptyValueReadsAsEmptyWithItsVersion() {
        // §2.5 vector 5.
        PluginHarness a = vm();
        set(a, "k", "");

        assertThat(get(a, "k")).isEqualTo("value= cas=1");
    }

    @Test
    void incrementsFromTwoVmsAddUp() {
        PluginHarness a = vm();
        PluginHarness b = vm();

        assertThat(increment(a, "n", "3")).isEqualTo("WRITTEN 1");
        assertThat(increment(b, "n", "3")).isEqualTo("WRITTEN 2");
        assertThat(increment(a, "n", "3")).isEqualTo("WRITTEN 3");
    }

    @Test
    void anUpdateThatLosesARaceRereadsAndRetriesUpToItsAttempts() {
        // The first attempt meets a write of 10 between its read and its write.
        PluginHarness a = vm();
        set(a, "n", "5");

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
        set(a, "higress_wasm_vm_lease:", "garbage");

        assertThat(run(a, "elect")).isEqualTo("false");
        assertThat(run(b, "elect")).isEqualTo("false");
        assertThat(a.logs()).anyMatch(line -> line.contains("leader election: the lease at higress_wasm_vm_lease: is"));

        set(a, "higress_wasm_vm_lease:", "");
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
