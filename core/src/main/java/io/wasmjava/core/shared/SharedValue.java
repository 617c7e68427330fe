package io.wasmjava.core.shared;

import io.wasmjava.core.Utf8;
import java.util.Arrays;

/**
 * A value read from the shared store with the version (CAS) it had when read. Pass it back to
 * {@link SharedData#compareAndSet(String, SharedValue, byte[])} to write only if nobody wrote the key since.
 *
 * @param bytes the stored bytes (empty, never null, for an empty value); the record owns this copy, so do not change it
 * @param cas the version; never 0 on Envoy, where every write takes a fresh one from a process-wide counter
 */
public record SharedValue(byte[] bytes, int cas) {
    /** @throws NullPointerException if {@code bytes} is null */
    public SharedValue {
        if (bytes == null) {
            throw new NullPointerException("bytes");
        }
    }

    /** The bytes decoded as UTF-8 (an invalid sequence becomes U+FFFD). */
    public String string() {
        return Utf8.decode(bytes);
    }

    /** True if the value is empty (Higress's way of "resetting" a key, which the ABI cannot delete). */
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** Equal if the bytes and the version are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SharedValue that && cas == that.cas && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + cas;
    }

    /** The size and version only: shared values often hold secrets (tokens). */
    @Override
    public String toString() {
        return "SharedValue(" + bytes.length + " bytes, cas " + (cas & 0xFFFF_FFFFL) + ")";
    }
}
