package io.wasmjava.core.config;

/**
 * A string: either made from a {@code String}, or parsed without escapes, in which case it keeps the range of the
 * source bytes between its quotes and decodes them when first read.
 */
final class StringValue extends JsonValue {
    /** The UTF-8 holding this string, without quotes or escapes, at {@code [start, end)}; null if made decoded. */
    private final byte[] source;
    private final int start;
    private final int end;
    /** The decoded text; null until first read. */
    private String decoded;

    StringValue(String decoded) {
        super(JsonKind.STRING);
        this.source = null;
        this.start = 0;
        this.end = 0;
        this.decoded = decoded;
    }

    /** {@code source[start..end)} is well-formed UTF-8 (or generalized UTF-8 without surrogates) and stays unchanged. */
    StringValue(byte[] source, int start, int end) {
        super(JsonKind.STRING);
        this.source = source;
        this.start = start;
        this.end = end;
    }

    /** Returns the text, decoding it on the first call. */
    String text() {
        String text = decoded;
        if (text == null) {
            text = Utf8.decode(source, start, end);
            decoded = text;
        }
        return text;
    }
}
