package io.wasmjava.redis.resp;

/**
 * The five RESP2 value types, each named after its wire form. RESP3 types ({@code _ , # ( = % ~ >}) are not part
 * of this model: Envoy's Redis proxy speaks RESP2 to proxy-wasm plugins.
 */
public enum RespType {
    /** {@code +OK\r\n}: a line of text, never null. */
    SIMPLE_STRING('+'),
    /** {@code -ERR message\r\n}: a server error reply, never null. */
    ERROR('-'),
    /** {@code :42\r\n}: a signed 64-bit integer. */
    INTEGER(':'),
    /** {@code $3\r\nfoo\r\n}: binary-safe bytes; {@code $-1\r\n} is the null bulk string. */
    BULK_STRING('$'),
    /** {@code *2\r\n...}: a list of values; {@code *-1\r\n} is the null array. */
    ARRAY('*');

    private final char marker;

    RespType(char marker) {
        this.marker = marker;
    }

    /** Returns the byte that starts this type on the wire: one of {@code + - : $ *}. */
    public char marker() {
        return marker;
    }
}
