package io.wasmjava.redis.resp;

import java.util.Arrays;

/**
 * A simple string reply such as {@code +OK\r\n} or {@code +PONG\r\n}: one line of text without CR or LF. Built by
 * {@link RespValue#simple(String)} or decoded by {@link RespDecoder}; immutable.
 */
public final class RespSimpleString extends RespValue {

    private final byte[] text;

    /** Takes ownership of {@code text}, which the caller has checked for CR and LF. */
    RespSimpleString(byte[] text) {
        this.text = text;
    }

    @Override
    public RespType type() {
        return RespType.SIMPLE_STRING;
    }

    @Override
    public String asString() {
        return fromUtf8(text);
    }

    @Override
    public byte[] asBytes() {
        return text.clone();
    }

    @Override
    public long asLong() {
        return RespInteger.parseOrThrow(text, this);
    }

    /** The wire bytes after {@code +}; never modified, never handed out. */
    byte[] bytes() {
        return text;
    }

    @Override
    void appendTo(StringBuilder out) {
        out.append('+');
        appendEscaped(out, text, false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RespSimpleString && Arrays.equals(text, ((RespSimpleString) o).text);
    }

    @Override
    public int hashCode() {
        return 31 * '+' + Arrays.hashCode(text);
    }
}
