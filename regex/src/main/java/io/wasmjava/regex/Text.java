package io.wasmjava.regex;

/**
 * How the engines read a Java string: by code point, a valid surrogate pair being one code point of width 2 and an
 * unpaired surrogate one code point of its own value (width 1). Positions are {@code char} indexes.
 *
 * <p>The engines work on a {@code char[]} copy of the text, taken once per search with {@code getChars}: under TeaVM
 * every {@code String.charAt} is a call with a bounds check, which made a 10 KB scan cost half a millisecond on V8.
 * The copy is per search, so no text outlives its search.
 */
final class Text {
    private Text() {
    }

    static char[] chars(String s) {
        char[] chars = new char[s.length()];
        s.getChars(0, chars.length, chars, 0);
        return chars;
    }

    /** The code point at {@code i} of {@code s}, or -1 at the end. */
    static int at(char[] s, int i) {
        if (i >= s.length) {
            return -1;
        }
        char c = s[i];
        if (c >= Character.MIN_HIGH_SURROGATE && c <= Character.MAX_HIGH_SURROGATE && i + 1 < s.length) {
            char d = s[i + 1];
            if (Character.isLowSurrogate(d)) {
                return Character.toCodePoint(c, d);
            }
        }
        return c;
    }

    /** The code point that ends just before {@code i}, or -1 at the start. */
    static int before(char[] s, int i) {
        if (i <= 0) {
            return -1;
        }
        char c = s[i - 1];
        if (Character.isLowSurrogate(c) && i >= 2 && Character.isHighSurrogate(s[i - 2])) {
            return Character.toCodePoint(s[i - 2], c);
        }
        return c;
    }

    /** The first index at or after {@code from} where {@code prefix} occurs in {@code s}, or -1. */
    static int indexOf(char[] s, char[] prefix, int from) {
        char first = prefix[0];
        int last = s.length - prefix.length;
        for (int i = from; i <= last; i++) {
            if (s[i] != first) {
                continue;
            }
            int k = 1;
            while (k < prefix.length && s[i + k] == prefix[k]) {
                k++;
            }
            if (k == prefix.length) {
                return i;
            }
        }
        return -1;
    }

    /** How many chars code point {@code c} (not -1) occupies. */
    static int width(int c) {
        return c >= 0x10000 ? 2 : 1;
    }
}
