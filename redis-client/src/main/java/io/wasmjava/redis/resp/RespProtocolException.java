package io.wasmjava.redis.resp;

/**
 * Thrown when bytes are not valid RESP2, or exceed a {@link RespDecoder.Limits limit}: the reply stream is
 * corrupt, and no value can be trusted from the point it names on. The message gives what was found, what was
 * expected and the byte offset in the stream, for example
 * {@code bulk length: 1073741824 (expected: <= 536870912) at offset 0}.
 *
 * <p>Unchecked, like netty's {@code RedisCodecException} and Lettuce's {@code RedisProtocolException}: a malformed
 * reply is not a condition a caller can handle where it occurs, only at the one place that maps failures of a Redis
 * call to the callback's failure path. A checked exception would force every caller of {@link RespDecoder#next()}
 * to wrap or rethrow it without adding information. This is the "the bytes were bad" member of the three Redis
 * failure kinds; server error replies ({@link RespError}) are values, not exceptions.
 */
public class RespProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * Creates an exception for a problem found at {@code offset}.
     *
     * @param problem what was wrong, with actual and expected values, for example
     *     {@code "type byte: '!' (expected: one of + - : $ *)"}
     * @param offset the zero-based position in the byte stream of the first byte of the offending element
     */
    public RespProtocolException(String problem, long offset) {
        super(problem + " at offset " + offset);
        this.offset = offset;
    }

    /** Returns the zero-based stream position of the offending element, counted from the decoder's first byte. */
    public long offset() {
        return offset;
    }
}
