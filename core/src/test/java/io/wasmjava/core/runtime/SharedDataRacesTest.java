package io.wasmjava.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.shared.LeaderElection;
import io.wasmjava.core.shared.SharedData;
import io.wasmjava.core.shared.SharedValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What {@link SharedData} and {@link LeaderElection} do when another VM writes between their read and their write,
 * which two test-kit VMs (one callback at a time) cannot interleave: {@link RecordingHost#beforeSharedWrite} plays
 * that VM. The rest of their behaviour runs in both modes in interop's {@code SharedDataScenarios}. Vectors:
 * {@code docs/proxy-wasm-state.md} §6.3 (wasm-go {@code pkg/wrapper/plugin_wrapper.go:586-635}).
 */
class SharedDataRacesTest {
    private static final String LEASE = LeaderElection.DEFAULT_KEY;

    private final RuntimeFixture fixture;
    private PluginContext plugin;

    SharedDataRacesTest() {
        fixture = new RuntimeFixture(Plugin.builder("p")
                .parseConfig((json, context) -> {
                    plugin = context;
                    return "";
                })
                .onRequestHeaders((http, config) -> HeaderStatus.CONTINUE)
                .build());
        fixture.configure("{}");
        fixture.host.nowNanos = 1100L * 1_000_000_000L;
    }

    private LeaderElection elector(String id) {
        return LeaderElection.create(plugin, LEASE, id, LeaderElection.DEFAULT_LEASE_SECONDS);
    }

    private String stored(String key) {
        return new String(fixture.host.shared.get(key).value(), StandardCharsets.UTF_8);
    }

    private void write(String key, String value) {
        fixture.host.shared.put(key, new Host.SharedData(value.getBytes(StandardCharsets.UTF_8), 7));
    }

    @Test
    void ofTwoTakeoversThatReadTheSameExpiredLeaseOnlyTheFirstWriteWins() {
        // §6.3 vector 4: lease {A,1000} cas c; B and C both read c at 1100; B writes first, C's write mismatches.
        write(LEASE, "{\"vmID\":\"A\",\"timestamp\":1000}");
        LeaderElection c = elector("C");
        fixture.host.beforeSharedWrite = () -> assertThat(elector("B").elect()).isTrue();

        assertThat(c.elect()).isFalse();
        assertThat(c.isLeader()).isFalse();
        assertThat(stored(LEASE)).isEqualTo("{\"vmID\":\"B\",\"timestamp\":1100}");
    }

    @Test
    void twoFirstElectorsThatBothFindNoLeaseBothLeadForThatRound() {
        // §6.3 vector 5: both write with cas 0; the value is the second writer's; the next round only it leads.
        LeaderElection b = elector("B");
        LeaderElection c = elector("C");
        fixture.host.beforeSharedWrite = () -> assertThat(b.elect()).isTrue();

        assertThat(c.elect()).isTrue();
        assertThat(stored(LEASE)).isEqualTo("{\"vmID\":\"C\",\"timestamp\":1100}");
        fixture.host.nowNanos += 1_000_000_000L;
        assertThat(b.elect()).isFalse();
        assertThat(c.elect()).isTrue();
    }

    @Test
    void aHostWithoutSharedDataNeverElectsAndLogsWhy() {
        // §6.3 vector 7.
        fixture.host.sharedDataUnimplemented = true;
        LeaderElection a = elector("A");

        assertThat(a.elect()).isFalse();
        assertThat(fixture.host.logs(LogLevel.ERROR))
                .containsExactly("[p] [nil] [nil] leader election: proxy_get_shared_data: UNIMPLEMENTED");
    }

    @Test
    void aLeaseWithFieldsOfTheWrongTypeIsNotALeaseAndMissingFieldsAreZero() {
        // Go's json.Unmarshal into VMLease: a wrong type fails; a missing timestamp is 0, so the lease is expired.
        write(LEASE, "{\"vmID\":\"X\",\"timestamp\":1000.0}");
        assertThat(elector("A").elect()).isFalse();
        write(LEASE, "{\"vmID\":7}");
        assertThat(elector("A").elect()).isFalse();
        write(LEASE, "{\"vmID\":\"X\"}");
        assertThat(elector("A").elect()).isTrue();
    }

    @Test
    void theDefaultElectionUsesARandomUuidPerVm() {
        LeaderElection first = LeaderElection.create(plugin);
        LeaderElection second = LeaderElection.create(plugin);

        assertThat(first.vmId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(first.vmId()).isNotEqualTo(second.vmId());
        assertThat(first.key()).isEqualTo("higress_wasm_vm_lease:");
    }

    @Test
    void refusesIdsThatWouldBreakTheLeaseJson() {
        assertThatThrownBy(() -> elector("a\"b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vmId may hold ASCII letters, digits, '-', '_', '.' and ':' only, but has character 0x22 "
                        + "at index 1");
        assertThatThrownBy(() -> LeaderElection.create(plugin, LEASE, "a", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("leaseSeconds must be positive but was 0");
    }

    @Test
    void anInsertOnlyWriteOnAHostThatRefusesAVersionForAMissingKeyFallsBackToAnUnconditionalWrite() {
        // proxy-wasm-java-host's SimpleSharedDataHandler: a missing key with a non-zero cas is CAS_MISMATCH.
        RecordingHost refusing = new RecordingHost();
        refusing.refuseVersionForMissingKey = true;
        SharedData shared = new SharedData(refusing);

        assertThat(shared.compareAndSet("k", null, "v")).isTrue();
        assertThat(shared.get("k")).isEqualTo(new SharedValue("v".getBytes(StandardCharsets.UTF_8), 1));
        assertThat(shared.compareAndSet("k", null, "w")).isFalse();
    }

    @Test
    void anUpdateGivesUpAfterItsAttemptsAndLeavesTheKeyAloneWhenTheFunctionSaysSo() {
        SharedData shared = plugin.sharedData();
        shared.set("n", "1");

        assertThat(shared.updateString("n", 3, current -> null)).isEqualTo(SharedData.UpdateOutcome.UNCHANGED);
        assertThat(shared.updateString("n", 3, current -> {
            fixture.host.beforeSharedWrite = () -> shared.set("n", "9");
            return current + "0";
        })).isEqualTo(SharedData.UpdateOutcome.CONFLICT);
        assertThat(shared.string("n")).isEqualTo("9");
        assertThatThrownBy(() -> shared.update("n", 0, current -> null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be positive but was 0");
    }

    @Test
    void aSharedValueHidesItsBytesWhenPrinted() {
        assertThat(new SharedValue("secret".getBytes(StandardCharsets.UTF_8), -1))
                .hasToString("SharedValue(6 bytes, cas 4294967295)");
    }
}
