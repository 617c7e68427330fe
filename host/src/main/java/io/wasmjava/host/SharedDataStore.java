package io.wasmjava.host;

import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Envoy's shared data: one key-value store with versions (CAS) that every VM of a process reads and writes. Hosts
 * made with the same store share it, as Envoy's worker VMs (and, on Higress, all plugins: it sets no {@code vm_id})
 * share proxy-wasm-cpp-host's process-wide {@code SharedData}; a {@link HostEmulator} made without one gets its own.
 *
 * <p>The semantics are Envoy's (proxy-wasm-cpp-host {@code src/shared_data.cc} {@code SharedData::get}/{@code set},
 * {@code src/shared_data.h} {@code nextCas}):
 * <ul>
 *   <li>a missing key reads as not found; an empty value reads as empty, with its version;</li>
 *   <li>a write to an existing key with a version other than 0 that is not the key's fails ({@code CAS_MISMATCH});
 *       version 0 writes unconditionally; <b>a missing key is always inserted, whatever the version</b>;</li>
 *   <li>every successful write gives the key the next version of one counter for the whole store (all keys): 1, 2,
 *       3, ... in a fresh store; 0 is skipped when the counter wraps.</li>
 * </ul>
 *
 * <p>Thread-safe: the devserver's workers share one store, as Envoy's guard theirs with a mutex.
 */
public final class SharedDataStore {
    private final Map<String, Host.SharedData> values = new HashMap<>();
    private int nextCas = 1;
    private int vmCount;

    /** The value and its version, or null if the key was never written; the caller owns the copy. */
    public synchronized Host.SharedData get(String key) {
        Host.SharedData value = values.get(key);
        return value == null ? null : new Host.SharedData(value.value().clone(), value.cas());
    }

    /**
     * Writes the value with Envoy's rules.
     *
     * @throws io.wasmjava.core.host.HostStatusException CAS_MISMATCH if the key exists and {@code cas} is neither 0
     *     nor its version
     */
    public synchronized void set(String key, byte[] value, int cas) {
        Host.SharedData current = values.get(key);
        if (current != null && cas != 0 && current.cas() != cas) {
            throw HostEmulator.status("proxy_set_shared_data", HostStatus.CAS_MISMATCH);
        }
        values.put(key, new Host.SharedData(value.clone(), takeCas()));
    }

    /** The keys written so far, for tests and diagnostics. */
    public synchronized Set<String> keys() {
        return new TreeSet<>(values.keySet());
    }

    /**
     * Counts a VM that serves from this store and returns how many came before it (0 for the first): the Wasm engine
     * adds it to the seed of {@code random_get}, so that VMs sharing a store draw different random numbers.
     */
    public synchronized int nextVmOrdinal() {
        return vmCount++;
    }

    /** The next version; 0 is not a valid version, so the counter skips it when it wraps (as {@code nextCas}). */
    private int takeCas() {
        int cas = nextCas++;
        if (nextCas == 0) {
            nextCas = 1;
        }
        return cas;
    }

    /** Sets the counter, so a test can reach the wrap-around (package-private: tests only). */
    synchronized void nextCasForTest(int cas) {
        nextCas = cas;
    }
}
