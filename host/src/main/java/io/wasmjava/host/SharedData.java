package io.wasmjava.host;

import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatus;
import java.util.HashMap;
import java.util.Map;

/** Envoy's shared data: values with a version (CAS) that a write may require. */
final class SharedData {
    private final Map<String, Host.SharedData> values = new HashMap<>();
    private int lastCas;

    /** The value and CAS, or null; the caller owns the copy. */
    Host.SharedData get(String key) {
        Host.SharedData value = values.get(key);
        return value == null ? null : new Host.SharedData(value.value().clone(), value.cas());
    }

    /** Writes the value; {@code cas} 0 writes unconditionally, anything else must be the current version. */
    void set(String key, byte[] value, int cas) {
        Host.SharedData current = values.get(key);
        if (cas != 0 && (current == null || current.cas() != cas)) {
            throw HostEmulator.status("proxy_set_shared_data", HostStatus.CAS_MISMATCH);
        }
        lastCas++;
        values.put(key, new Host.SharedData(value.clone(), lastCas));
    }
}
