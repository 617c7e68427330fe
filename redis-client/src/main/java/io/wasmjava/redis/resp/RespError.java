package io.wasmjava.redis.resp;

import java.util.Arrays;

/**
 * An error reply such as {@code -ERR unknown command 'foo'\r\n} or {@code -NOSCRIPT No matching script\r\n}. This
 * is data, not an exception: the server answered, and the answer was an error. The Redis client layer turns it into
 * its own exception type; {@link #errorPrefix()} gives the code to branch on (for example {@code NOSCRIPT} to fall
 * back from {@code EVALSHA} to {@code EVAL}). Built by {@link RespValue#error(String)} or decoded by
 * {@link RespDecoder}; immutable.
 */
public final class RespError extends RespValue {

    private final byte[] message;

    /** Takes ownership of {@code message}, which the caller has checked for CR and LF. */
    RespError(byte[] message) {
        this.message = message;
    }

    @Override
    public RespType type() {
        return RespType.ERROR;
    }

    @Override
    public boolean isError() {
        return true;
    }

    @Override
    public String errorMessage() {
        return fromUtf8(message);
    }

    @Override
    public String errorPrefix() {
        String text = errorMessage();
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    /** Returns the full error text, the same as {@link #errorMessage()}. */
    @Override
    public String asString() {
        return errorMessage();
    }

    @Override
    public byte[] asBytes() {
        return message.clone();
    }

    /** The wire bytes after {@code -}; never modified, never handed out. */
    byte[] bytes() {
        return message;
    }

    @Override
    void appendTo(StringBuilder out) {
        out.append('-');
        appendEscaped(out, message, false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RespError && Arrays.equals(message, ((RespError) o).message);
    }

    @Override
    public int hashCode() {
        return 31 * '-' + Arrays.hashCode(message);
    }
}
