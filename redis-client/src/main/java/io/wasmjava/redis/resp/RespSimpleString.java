package io.wasmjava.redis.resp;

/**
 * A simple string reply such as {@code +OK\r\n} or {@code +PONG\r\n}: one line of text without CR or LF. Built by
 * {@link RespValue#simple(String)} or decoded by {@link RespDecoder}; immutable.
 */
public final class RespSimpleString extends RespLine {

    /** Takes ownership of {@code text}, which the caller has checked for CR and LF. */
    RespSimpleString(byte[] text) {
        super(RespType.SIMPLE_STRING, text);
    }

    @Override
    public long asLong() {
        return RespInteger.parseOrThrow(bytes(), this);
    }
}
