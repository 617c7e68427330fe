package io.wasmjava.redis.resp;

import java.util.Arrays;

/**
 * A value that is one line of text after its type byte: {@link RespSimpleString} ({@code +OK}) and {@link RespError}
 * ({@code -ERR ...}). Both carry the same thing, the line's bytes, so they share one implementation of its bytes,
 * text, debug form, equality and hash; only the type tells them apart. Immutable.
 */
abstract class RespLine extends RespValue {

    private final RespType type;
    private final byte[] line;

    /** Takes ownership of {@code line}, which the caller has checked for CR and LF. */
    RespLine(RespType type, byte[] line) {
        this.type = type;
        this.line = line;
    }

    @Override
    public final RespType type() {
        return type;
    }

    /** Returns the whole line decoded as UTF-8. */
    @Override
    public String asString() {
        return fromUtf8(line);
    }

    @Override
    public byte[] asBytes() {
        return line.clone();
    }

    /** The wire bytes after the type byte; never modified, never handed out. */
    final byte[] bytes() {
        return line;
    }

    @Override
    final void appendTo(StringBuilder out) {
        out.append(type.marker());
        appendEscaped(out, line, false);
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof RespLine && ((RespLine) o).type == type && Arrays.equals(line, ((RespLine) o).line);
    }

    @Override
    public final int hashCode() {
        return 31 * type.marker() + Arrays.hashCode(line);
    }
}
