package io.wasmjava.host;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Response data the plugin injected into the filter chain after itself: through Higress's
 * {@code proxy_inject_encoded_data_to_filter_chain} (after pausing a streaming response), or from the response-header
 * phase through the foreign function {@code inject_encoded_data_to_filter_chain_on_header}. Immutable; compare whole
 * values.
 *
 * @param data the bytes injected
 * @param endOfStream whether the injection ended the response
 * @param atHeaders true for the foreign function of the header phase
 */
public record InjectedData(byte[] data, boolean endOfStream, boolean atHeaders) {
    /** @throws NullPointerException if {@code data} is null */
    public InjectedData {
        data = Objects.requireNonNull(data, "data").clone();
    }

    /** UTF-8 data injected through {@code proxy_inject_encoded_data_to_filter_chain}. */
    public static InjectedData of(String data, boolean endOfStream) {
        return new InjectedData(data.getBytes(StandardCharsets.UTF_8), endOfStream, false);
    }

    /** UTF-8 data injected from the header phase ({@code inject_encoded_data_to_filter_chain_on_header}). */
    public static InjectedData atHeaders(String data, boolean endOfStream) {
        return new InjectedData(data.getBytes(StandardCharsets.UTF_8), endOfStream, true);
    }

    /** The data; a copy the caller owns. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * Decodes the foreign function's argument, protobuf {@code InjectEncodedDataToFilterChainArguments { string body
     * = 1; bool endstream = 2; }} (wasm-go {@code pkg/protos/inject_encoded_data.proto}); unknown varint and
     * length-delimited fields are skipped, as protobuf parsers do.
     *
     * @throws IllegalArgumentException if the bytes are not such a message
     */
    static InjectedData decodeOnHeaderArgument(byte[] message) {
        byte[] body = StreamState.EMPTY;
        boolean endStream = false;
        int at = 0;
        while (at < message.length) {
            long[] tag = varint(message, at);
            at = (int) tag[1];
            int field = (int) (tag[0] >>> 3);
            int wireType = (int) (tag[0] & 7);
            if (wireType == 0) {
                long[] value = varint(message, at);
                at = (int) value[1];
                if (field == 2) {
                    endStream = value[0] != 0;
                }
            } else if (wireType == 2) {
                long[] length = varint(message, at);
                at = (int) length[1];
                if (length[0] > message.length - at) {
                    throw new IllegalArgumentException("field " + field + " runs past the end of the message");
                }
                byte[] bytes = Arrays.copyOfRange(message, at, at + (int) length[0]);
                at += (int) length[0];
                if (field == 1) {
                    body = bytes;
                }
            } else {
                throw new IllegalArgumentException("unexpected wire type " + wireType + " at byte " + at);
            }
        }
        return new InjectedData(body, endStream, true);
    }

    /** A varint at {@code at}: {value, the index after it}. */
    private static long[] varint(byte[] bytes, int at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at >= bytes.length) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte b = bytes[at++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return new long[] {value, at};
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InjectedData that && endOfStream == that.endOfStream && atHeaders == that.atHeaders
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(data), endOfStream, atHeaders);
    }

    @Override
    public String toString() {
        return "InjectedData{'" + new String(data, StandardCharsets.UTF_8) + "', endOfStream=" + endOfStream
                + (atHeaders ? ", atHeaders" : "") + "}";
    }
}
