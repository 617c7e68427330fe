package io.wasmjava.core.config;

/**
 * Thrown by {@link Json#parse(String)} and {@link Json#parse(byte[])} when the input is not strict RFC 8259 JSON:
 * a syntax error, invalid UTF-8, a duplicate key, a number outside the supported range, or nesting deeper than the
 * limit.
 *
 * <p>The message is {@code "line " + line() + " column " + column() + " (offset " + offset() + "): " + problem()},
 * e.g. {@code line 3 column 14 (offset 40): expected ',' or '}' but was ']'}. Offsets and columns count the units of
 * the input: chars for a {@code String}, bytes for a {@code byte[]}. Lines are counted by {@code '\n'}, both start at
 * 1, and the offset starts at 0.
 *
 * <p>{@link #path()} is the path of the value being read when parsing stopped (in the format of {@link
 * ConfigNode#path()}), or {@code $} at the top level and for invalid UTF-8, which is detected before parsing.
 */
public final class JsonSyntaxException extends ConfigException {
    private final int line;
    private final int column;
    private final int offset;

    JsonSyntaxException(int line, int column, int offset, String path, String problem) {
        super(path, problem, "line " + line + " column " + column + " (offset " + offset + "): " + problem);
        this.line = line;
        this.column = column;
        this.offset = offset;
    }

    /**
     * Returns the error at byte {@code offset} of {@code in}, located in bytes, or in the chars {@code in} decodes to
     * when {@code countChars} (the input was a {@code String}, which the parser reads as its generalized UTF-8).
     */
    static JsonSyntaxException at(byte[] in, int offset, boolean countChars, String path, String problem) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (in[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        if (countChars) {
            int charOffset = Utf8.charCount(in, 0, offset);
            int column = Utf8.charCount(in, lineStart, offset) + 1;
            return new JsonSyntaxException(line, column, charOffset, path, problem);
        }
        return new JsonSyntaxException(line, offset - lineStart + 1, offset, path, problem);
    }

    /** Returns the 1-based line of the error. */
    public int line() {
        return line;
    }

    /** Returns the 1-based column of the error, in chars or bytes like {@link #offset()}. */
    public int column() {
        return column;
    }

    /** Returns the 0-based index of the error in the input: a char index for a {@code String}, a byte index for a {@code byte[]}. */
    public int offset() {
        return offset;
    }
}
