package io.wasmjava.redis.resp;

/**
 * An error reply such as {@code -ERR unknown command 'foo'\r\n} or {@code -NOSCRIPT No matching script\r\n}. This
 * is data, not an exception: the server answered, and the answer was an error. The Redis client layer turns it into
 * its own exception type; {@link #errorPrefix()} gives the code to branch on (for example {@code NOSCRIPT} to fall
 * back from {@code EVALSHA} to {@code EVAL}). Built by {@link RespValue#error(String)} or decoded by
 * {@link RespDecoder}; immutable.
 */
public final class RespError extends RespLine {

    /** Takes ownership of {@code message}, which the caller has checked for CR and LF. */
    RespError(byte[] message) {
        super(RespType.ERROR, message);
    }

    @Override
    public boolean isError() {
        return true;
    }

    /** Returns the full error text, the same as {@link #asString()}. */
    @Override
    public String errorMessage() {
        return asString();
    }

    @Override
    public String errorPrefix() {
        String text = errorMessage();
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }
}
