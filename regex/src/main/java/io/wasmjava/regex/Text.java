package io.wasmjava.regex;

/**
 * How the engines read a Java string: by code point, a valid surrogate pair being one code point of width 2 and an
 * unpaired surrogate one code point of its own value (width 1). Positions are {@code char} indexes.
 */
final class Text {
    private Text() {
    }

    /** The code point at {@code i}, or -1 at the end of the text. */
    static int at(String s, int i) {
        if (i >= s.length()) {
            return -1;
        }
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
            char d = s.charAt(i + 1);
            if (Character.isLowSurrogate(d)) {
                return Character.toCodePoint(c, d);
            }
        }
        return c;
    }

    /** The code point that ends just before {@code i}, or -1 at the start of the text. */
    static int before(String s, int i) {
        if (i <= 0) {
            return -1;
        }
        char c = s.charAt(i - 1);
        if (Character.isLowSurrogate(c) && i >= 2) {
            char h = s.charAt(i - 2);
            if (Character.isHighSurrogate(h)) {
                return Character.toCodePoint(h, c);
            }
        }
        return c;
    }

    /** How many chars code point {@code c} (not -1) occupies. */
    static int width(int c) {
        return c >= 0x10000 ? 2 : 1;
    }
}
