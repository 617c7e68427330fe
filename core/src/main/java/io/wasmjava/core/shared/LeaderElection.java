package io.wasmjava.core.shared;

import io.wasmjava.core.Log;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.config.ConfigException;
import io.wasmjava.core.config.Json;
import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonValue;
import io.wasmjava.core.host.HostStatusException;
import java.util.Objects;

/**
 * Picks one VM of the gateway to do background work, with the lease Higress's Go SDK keeps in shared data
 * ({@code DoLeaderElection}/{@code IsLeader}, higress-group/wasm-go {@code pkg/wrapper/plugin_wrapper.go:562-639}).
 * Call {@link #elect()} periodically (from a tick), then do the work only where {@link #isLeader()} is true:
 *
 * <pre>{@code
 * LeaderElection election = LeaderElection.create(plugin);
 * plugin.registerTick(1000, () -> {
 *     if (election.elect()) {
 *         refreshSomething(plugin);
 *     }
 * });
 * }</pre>
 *
 * <p>The lease is the value {@code {"vmID":"<id>","timestamp":<unix seconds>}} (that field order) at key
 * {@value #DEFAULT_KEY} ({@code VMLeaseKeyPrefix} plus an empty fingerprint: wasm-go never sets it). One round of
 * {@link #elect()}, as {@code tryAcquireOrRenewLease} (:586-617):
 * <ol>
 *   <li>no lease yet: write one unconditionally (version 0) and lead;</li>
 *   <li>an empty value: take it with a compare-and-set;</li>
 *   <li>a value that is not such JSON: nobody leads until someone overwrites it (logged at error);</li>
 *   <li>the lease is this VM's, or older than {@link #DEFAULT_LEASE_SECONDS} seconds (strictly): renew or take it
 *       with a compare-and-set, leading if the write succeeds;</li>
 *   <li>otherwise another VM leads.</li>
 * </ol>
 * Consequences under Envoy's semantics (see {@link SharedData}): on first use several VMs may all find no lease, all
 * write, and all lead for that round; from the next round only the last writer does. A takeover after expiry is a
 * compare-and-set: exactly one contender wins. A VM rebuilt while leading gets a new id and waits out the old lease.
 * With Higress's key, every plugin of the gateway that elects competes for the same lease; {@link #create(PluginContext,
 * String, String, long)} takes a key of the plugin's own.
 *
 * <p>Errors never escape {@link #elect()}: a host failure (no shared data: {@code UNIMPLEMENTED}) is logged at error
 * and the VM does not lead, as in Higress. Not thread-safe (a VM is single-threaded).
 */
public final class LeaderElection {
    /** Higress's lease key: {@code VMLeaseKeyPrefix} ({@code plugin_wrapper.go:50}) and the unset fingerprint. */
    public static final String DEFAULT_KEY = "higress_wasm_vm_lease:";

    /** A lease not renewed for more than this many seconds may be taken over ({@code plugin_wrapper.go:604}). */
    public static final long DEFAULT_LEASE_SECONDS = 60;

    private final SharedData shared;
    private final PluginContext plugin;
    private final String key;
    private final String vmId;
    private final long leaseSeconds;
    private boolean leader;

    private LeaderElection(PluginContext plugin, String key, String vmId, long leaseSeconds) {
        this.plugin = plugin;
        this.shared = plugin.sharedData();
        this.key = key;
        this.vmId = vmId;
        this.leaseSeconds = leaseSeconds;
    }

    /**
     * Higress's election: key {@value #DEFAULT_KEY}, a lease of {@value #DEFAULT_LEASE_SECONDS} s, and a random
     * version-4 UUID as this VM's id (a new one for each VM, as wasm-go draws one per VM).
     */
    public static LeaderElection create(PluginContext plugin) {
        return new LeaderElection(Objects.requireNonNull(plugin, "plugin"), DEFAULT_KEY, randomUuid(),
                DEFAULT_LEASE_SECONDS);
    }

    /**
     * An election on {@code key} with a lease of {@code leaseSeconds} and {@code vmId} as this VM's id, which must be
     * unique among the VMs that compete (tests name their VMs; anything else can use {@link #randomUuid()}).
     *
     * @throws IllegalArgumentException if {@code key} or {@code vmId} is empty, {@code vmId} has a character other
     *     than ASCII letters, digits, {@code -}, {@code _}, {@code .} or {@code :} (it is written into JSON as is), or
     *     {@code leaseSeconds} is not positive
     */
    public static LeaderElection create(PluginContext plugin, String key, String vmId, long leaseSeconds) {
        Objects.requireNonNull(plugin, "plugin");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("lease key must not be empty");
        }
        checkVmId(vmId);
        if (leaseSeconds <= 0) {
            throw new IllegalArgumentException("leaseSeconds must be positive but was " + leaseSeconds);
        }
        return new LeaderElection(plugin, key, vmId, leaseSeconds);
    }

    /** This VM's id in the lease. */
    public String vmId() {
        return vmId;
    }

    /** The shared-data key of the lease. */
    public String key() {
        return key;
    }

    /**
     * Runs one round of the election (one read and at most one write of the lease), remembers the outcome for
     * {@link #isLeader()} and returns it.
     */
    public boolean elect() {
        leader = tryAcquireOrRenew();
        return leader;
    }

    /** The outcome of the last {@link #elect()}; false before the first. Makes no host call. */
    public boolean isLeader() {
        return leader;
    }

    private boolean tryAcquireOrRenew() {
        Log log = plugin.log();
        long nowSeconds = Math.floorDiv(plugin.currentTimeMillis(), 1000L);
        try {
            SharedValue current = shared.get(key);
            if (current == null) {
                return shared.write(key, lease(nowSeconds), 0);
            }
            if (current.isEmpty()) {
                return shared.write(key, lease(nowSeconds), current.cas());
            }
            Lease held = Lease.parse(current.bytes());
            if (held == null) {
                log.error("leader election: the lease at " + key + " is not {\"vmID\":...,\"timestamp\":...}");
                return false;
            }
            if (held.vmId.equals(vmId) || nowSeconds - held.timestampSeconds > leaseSeconds) {
                return shared.write(key, lease(nowSeconds), current.cas());
            }
            return false;
        } catch (HostStatusException e) {
            log.error("leader election: " + e.getMessage());
            return false;
        }
    }

    private byte[] lease(long nowSeconds) {
        return Utf8.encode("{\"vmID\":\"" + vmId + "\",\"timestamp\":" + nowSeconds + "}");
    }

    /**
     * A random version-4 UUID in its 36-character form. Compiled to Wasm, {@link Math#random()} is seeded by WASI
     * {@code random_get}, which Envoy serves from its random source.
     */
    public static String randomUuid() {
        char[] out = new char[36];
        int position = 0;
        for (int i = 0; i < 16; i++) {
            int b = (int) (Math.random() * 256);
            if (i == 6) {
                b = (b & 0x0F) | 0x40;
            } else if (i == 8) {
                b = (b & 0x3F) | 0x80;
            }
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out[position++] = '-';
            }
            out[position++] = HEX[b >>> 4];
            out[position++] = HEX[b & 0xF];
        }
        return new String(out);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void checkVmId(String vmId) {
        if (vmId.isEmpty()) {
            throw new IllegalArgumentException("vmId must not be empty");
        }
        for (int i = 0; i < vmId.length(); i++) {
            char c = vmId.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!allowed) {
                throw new IllegalArgumentException("vmId may hold ASCII letters, digits, '-', '_', '.' and ':' only, "
                        + "but has character 0x" + Integer.toHexString(c) + " at index " + i);
            }
        }
    }

    /** A lease as Go's {@code json.Unmarshal} reads it into {@code VMLease}: absent fields are zero values. */
    private record Lease(String vmId, long timestampSeconds) {
        /** The lease, or null where Go's {@code json.Unmarshal} fails (not JSON, not an object, a field's wrong type). */
        static Lease parse(byte[] bytes) {
            JsonValue json;
            try {
                json = Json.parse(bytes, 16, 1_000);
            } catch (ConfigException e) {
                // Not JSON, or nested or long beyond anything a lease is.
                return null;
            }
            if (json.kind() != JsonKind.OBJECT) {
                return null;
            }
            String id = "";
            long timestamp = 0;
            JsonValue idValue = json.member("vmID");
            if (idValue != null && !idValue.isNull()) {
                if (idValue.kind() != JsonKind.STRING) {
                    return null;
                }
                id = idValue.stringValue();
            }
            JsonValue timestampValue = json.member("timestamp");
            if (timestampValue != null && !timestampValue.isNull()) {
                // Go parses an int64 from the literal: 1000.0, 1e3 and anything beyond int64 fail.
                if (timestampValue.kind() != JsonKind.NUMBER || !isPlainInteger(timestampValue.numberText())) {
                    return null;
                }
                try {
                    timestamp = timestampValue.longValue();
                } catch (ArithmeticException e) {
                    return null;
                }
            }
            return new Lease(id, timestamp);
        }

        private static boolean isPlainInteger(String text) {
            int start = text.startsWith("-") ? 1 : 0;
            if (start == text.length()) {
                return false;
            }
            for (int i = start; i < text.length(); i++) {
                if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }
    }
}
