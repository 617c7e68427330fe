package io.wasmjava.core;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 conversion with an ASCII fast path, for code that runs inside the plugin. Header names and values, Redis
 * keys and commands are almost always ASCII, and under TeaVM {@code String.getBytes(UTF_8)} and
 * {@code new String(bytes, UTF_8)} go through the charset machinery ({@code CharsetEncoder}/{@code CharsetDecoder}
 * over {@code ByteBuffer}/{@code CharBuffer}), which costs more per short string than the host call that carries it.
 * Results are exactly those of the JDK methods, including the replacement of malformed input.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** {@code new String(bytes, offset, length, UTF_8)}. */
    public static String decode(byte[] bytes, int offset, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            byte b = bytes[offset + i];
            if (b < 0) {
                return new String(bytes, offset, length, StandardCharsets.UTF_8);
            }
            chars[i] = (char) b;
        }
        return new String(chars);
    }

    /** {@code new String(bytes, UTF_8)}. */
    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** {@code text.getBytes(UTF_8)}: a new array the caller owns. */
    public static byte[] encode(String text) {
        // One bulk copy of the chars, then plain array reads: under TeaVM each String.charAt is a call with its own
        // bounds check and stack frame, and so is toCharArray, which calls charAt per char; getChars copies at once.
        char[] chars = new char[text.length()];
        text.getChars(0, chars.length, chars, 0);
        byte[] bytes = new byte[chars.length];
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 0x80) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    /**
     * Returns the value of an ASCII hex digit ({@code 0-9}, {@code a-f}, {@code A-F}), or -1 for any other
     * character; unlike {@link Character#digit}, it rejects non-ASCII digits, as percent-escapes and JSON's
     * four-digit escapes require.
     */
    public static int hexDigitValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        // Setting bit 5 lower-cases A-F and maps no other character into a-f.
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /**
     * {@code text} with the ASCII letters {@code A-Z} in lower case and every other character unchanged, whatever the
     * locale: how Envoy keys its header map. Returns {@code text} itself when it has no upper-case ASCII letter.
     */
    public static String lowerAscii(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return out == null ? text : out.toString();
    }
}
