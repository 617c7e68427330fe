package io.wasmjava.host;

import io.wasmjava.core.host.HostStatus;
import java.util.function.ToIntFunction;

/**
 * The ABI's integer codes turned into the host's enums, at the boundary: past it, the host works on
 * {@link io.wasmjava.core.host.MapType}, {@link io.wasmjava.core.host.BufferType}, {@link io.wasmjava.core.HeaderStatus}
 * and their siblings, never on raw codes.
 */
final class AbiCodes {
    private AbiCodes() {
    }

    /** The constant of {@code values} whose code is {@code code}, or null. */
    static <E> E decode(E[] values, ToIntFunction<E> codeOf, int code) {
        for (E value : values) {
            if (codeOf.applyAsInt(value) == code) {
                return value;
            }
        }
        return null;
    }

    /** Like {@link #decode}, but a code outside the enum fails {@code function} with {@code BAD_ARGUMENT}. */
    static <E> E decodeOrBadArgument(String function, E[] values, ToIntFunction<E> codeOf, int code) {
        E value = decode(values, codeOf, code);
        if (value == null) {
            throw HostEmulator.status(function, HostStatus.BAD_ARGUMENT);
        }
        return value;
    }
}
