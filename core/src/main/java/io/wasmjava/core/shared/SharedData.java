package io.wasmjava.core.shared;

import io.wasmjava.core.PluginContext;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatusException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The host's shared key-value store ({@code proxy_get_shared_data} / {@code proxy_set_shared_data}), reached through
 * {@link PluginContext#sharedData()} (from a request: {@code http.plugin().sharedData()}). A VM is single-threaded,
 * but the store is not: every VM of the gateway reads and writes it concurrently, so a read-modify-write must be a
 * compare-and-set, and {@link #update} retries one that lost a race.
 *
 * <p>What Envoy does (proxy-wasm-cpp-host {@code src/shared_data.cc} {@code SharedData::get}/{@code set},
 * {@code shared_data.h} {@code nextCas}), which this class is written for:
 * <ul>
 *   <li><b>One store per process and {@code vm_id}</b>, shared by every worker thread's VM and every plugin with that
 *       {@code vm_id}. Higress sets no {@code vm_id} (istio {@code pilot/pkg/model/extensions.go}
 *       {@code buildVMConfig}), so in a Higress gateway <b>every key is global across all plugins</b>: prefix keys
 *       with the plugin's name. Anything stored is readable by every other plugin of the gateway.</li>
 *   <li><b>Versions:</b> each successful write gives the key a fresh version from one process-wide counter (1, 2, 3,
 *       ... for all keys; 0 is skipped on wrap-around), so a version never repeats for a key while the counter has
 *       not wrapped.</li>
 *   <li><b>Writes:</b> version 0 writes unconditionally; any other version must equal the key's, else the write
 *       fails ({@code CAS_MISMATCH}). <b>A missing key is always inserted, whatever the version.</b> There is no
 *       delete: Higress "resets" a key by writing an empty value.</li>
 *   <li><b>Lifetime:</b> the data lives as long as any VM with that {@code vm_id} does (it survives one VM's rebuild),
 *       in memory only: an Envoy restart loses it.</li>
 * </ul>
 *
 * <p>Values are bytes; the {@code String} forms encode and decode UTF-8. Every method makes one or two host calls and
 * keeps nothing: reading a value copies it into the VM each time.
 *
 * <p>Errors: {@link HostStatusException} if the host fails a call in any other way than a missing key or a version
 * mismatch (a host without shared data answers {@code UNIMPLEMENTED}).
 */
public final class SharedData {
    /** How many times {@link #update} tries by default (Higress's ai-proxy retries its CAS loop 10 times). */
    public static final int DEFAULT_MAX_ATTEMPTS = 10;

    /**
     * The version an insert-only write passes. Envoy inserts a missing key whatever the version, and refuses it for an
     * existing key unless the key's version is exactly this one, which the process-wide counter reaches only after
     * 2<sup>32</sup> − 1 writes.
     */
    static final int INSERT_ONLY_CAS = 0xFFFF_FFFF;

    private final Host host;

    /** The store of {@code host}; plugins use {@link PluginContext#sharedData()}. */
    public SharedData(Host host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    /** The value of {@code key} with its version, or null if the key was never written. */
    public SharedValue get(String key) {
        Host.SharedData data = host.sharedData(key);
        return data == null ? null : new SharedValue(data.value(), data.cas());
    }

    /** The value of {@code key} decoded as UTF-8, or null if the key was never written. */
    public String string(String key) {
        Host.SharedData data = host.sharedData(key);
        return data == null ? null : Utf8.decode(data.value());
    }

    /** Writes {@code value} unconditionally, whatever was written since it was read (last writer wins). */
    public void set(String key, byte[] value) {
        write(key, value, 0);
    }

    /** Writes {@code value} as UTF-8, unconditionally. */
    public void set(String key, String value) {
        write(key, Utf8.encode(value), 0);
    }

    /**
     * Writes {@code value} only if the key is still as {@code expected} left it: with {@code expected} null, only if
     * the key does not exist (it was never written); otherwise only if its version is still {@code expected.cas()}.
     * Returns true if the value was written, false if another write came first (re-read and decide again).
     *
     * <p>Insert-only relies on Envoy's rule that a missing key is inserted whatever the version, with a version no
     * existing key has in practice ({@link #INSERT_ONLY_CAS}). A host that refuses a non-zero version for a missing
     * key (proxy-wasm-java-host's {@code SimpleSharedDataHandler}) is detected (the key is still missing after the
     * refusal) and then written unconditionally, so there two VMs that both saw the key missing both succeed, as in
     * Higress.
     */
    public boolean compareAndSet(String key, SharedValue expected, byte[] value) {
        Objects.requireNonNull(value, "value");
        if (expected != null) {
            return write(key, value, expected.cas());
        }
        if (write(key, value, INSERT_ONLY_CAS)) {
            return true;
        }
        if (host.sharedData(key) != null) {
            return false;
        }
        return write(key, value, 0);
    }

    /** {@link #compareAndSet(String, SharedValue, byte[])} with {@code value} encoded as UTF-8. */
    public boolean compareAndSet(String key, SharedValue expected, String value) {
        return compareAndSet(key, expected, Utf8.encode(value));
    }

    /**
     * Reads {@code key}, computes its next value with {@code change} and writes it with {@link #compareAndSet}; if
     * another VM wrote the key in between, reads again and retries, up to {@code maxAttempts} times in all.
     * {@code change} receives the current value (null if the key does not exist) and returns the new value, or null
     * to leave the key as it is; it may run several times, so it must not have side effects beyond its result.
     *
     * @return {@link UpdateOutcome#WRITTEN}, {@link UpdateOutcome#UNCHANGED} (the function returned null) or
     *     {@link UpdateOutcome#CONFLICT} (every attempt lost a race)
     * @throws IllegalArgumentException if {@code maxAttempts} is not positive
     */
    public UpdateOutcome update(String key, int maxAttempts, Function<SharedValue, byte[]> change) {
        if (maxAttempts <= 0) {
            throw new IllegalArgumentException("maxAttempts must be positive but was " + maxAttempts);
        }
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            SharedValue current = get(key);
            byte[] next = change.apply(current);
            if (next == null) {
                return UpdateOutcome.UNCHANGED;
            }
            if (compareAndSet(key, current, next)) {
                return UpdateOutcome.WRITTEN;
            }
        }
        return UpdateOutcome.CONFLICT;
    }

    /**
     * {@link #update(String, int, Function)} on UTF-8 strings: {@code change} receives the current string (null if
     * the key does not exist) and returns the new one, or null to leave the key as it is.
     */
    public UpdateOutcome updateString(String key, int maxAttempts, UnaryOperator<String> change) {
        return update(key, maxAttempts, current -> {
            String next = change.apply(current == null ? null : current.string());
            return next == null ? null : Utf8.encode(next);
        });
    }

    /**
     * The ABI's write as it is: {@code cas} 0 writes unconditionally, any other must be the key's version unless the
     * key is missing (then it is inserted). Returns false on a version mismatch.
     */
    boolean write(String key, byte[] value, int cas) {
        Objects.requireNonNull(value, "value");
        return host.setSharedData(key, value, cas);
    }

    /** What {@link #update} did. */
    public enum UpdateOutcome {
        /** The new value was written. */
        WRITTEN,
        /** The function returned null: nothing was written. */
        UNCHANGED,
        /** Every attempt met a write by another VM between the read and the write; nothing was written. */
        CONFLICT
    }
}
