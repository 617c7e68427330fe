package io.wasmjava.redis.resp;

import java.util.Arrays;

/**
 * A bulk string such as {@code $3\r\nfoo\r\n}: binary-safe bytes, the reply of {@code GET}, {@code HGET},
 * {@code LINDEX} and every argument of a command. The null bulk string {@code $-1\r\n} (for example {@code GET} of
 * a missing key) is a distinct value from the empty bulk string {@code $0\r\n\r\n}: {@link #isNull()} tells them
 * apart. Built by {@link RespValue#bulk(String)}, {@link RespValue#bulk(byte[])}, {@link RespValue#nullBulk()} or
 * decoded by {@link RespDecoder}; immutable.
 */
public final class RespBulkString extends RespValue {

    static final RespBulkString NULL = new RespBulkString(null);

    /** The content, or null for the null bulk string. Never modified, never handed out. */
    private final byte[] content;

    /** Takes ownership of {@code content}; null only for {@link #NULL}. */
    RespBulkString(byte[] content) {
        this.content = content;
    }

    @Override
    public RespType type() {
        return RespType.BULK_STRING;
    }

    @Override
    public boolean isNull() {
        return content == null;
    }

    /** Returns the number of content bytes; -1 for the null bulk string (its wire length). */
    public int length() {
        return content == null ? -1 : content.length;
    }

    @Override
    public String asString() {
        return content == null ? null : fromUtf8(content);
    }

    @Override
    public byte[] asBytes() {
        return content == null ? null : content.clone();
    }

    @Override
    public long asLong() {
        if (content == null) {
            throw wrongType("an integer or a numeric string");
        }
        return RespInteger.parseOrThrow(content, this);
    }

    /** The content without a copy (null for the null bulk string), for the encoder. */
    byte[] bytes() {
        return content;
    }

    @Override
    void appendTo(StringBuilder out) {
        if (content == null) {
            out.append("$-1");
            return;
        }
        out.append('$').append(content.length).append(' ');
        appendEscaped(out, content, true);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RespBulkString)) {
            return false;
        }
        byte[] other = ((RespBulkString) o).content;
        // Arrays.equals(null, null) is true, and null never equals a non-null array, so $-1 != $0.
        return Arrays.equals(content, other);
    }

    @Override
    public int hashCode() {
        return content == null ? -1 : 31 * '$' + Arrays.hashCode(content);
    }
}
