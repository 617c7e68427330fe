package io.wasmjava.core;

/**
 * UTF-8 conversion for code that runs inside the plugin: the one encoder and decoder of the SDK. Results are exactly
 * those of the JDK's {@code new String(bytes, UTF_8)} and {@code text.getBytes(UTF_8)}, replacements of malformed
 * input included, but they are written here because under TeaVM the JDK methods go through the charset machinery
 * ({@code CharsetEncoder}/{@code CharsetDecoder} over {@code ByteBuffer}/{@code CharBuffer}): about 25 KB of every
 * module, and more per short string than the host call that carries it. Header names and values, Redis keys and
 * commands are almost always ASCII, so each conversion starts with a loop that handles only ASCII.
 */
public final class Utf8 {
    private static final char REPLACEMENT = '\uFFFD';

    private Utf8() {
    }

    /**
     * {@code new String(bytes, offset, length, UTF_8)}: each malformed sequence becomes one U+FFFD, cut where the JDK
     * cuts it (at the first byte that cannot continue it; a surrogate encoded in three bytes is one sequence).
     */
    public static String decode(byte[] bytes, int offset, int length) {
        // No sequence yields more chars than it has bytes.
        char[] chars = new char[length];
        // The ASCII loop alone here, the rest in its own method: this one stays small on the hot path.
        for (int i = 0; i < length; i++) {
            byte b = bytes[offset + i];
            if (b < 0) {
                return decode(bytes, offset + i, offset + length, chars, i);
            }
            chars[i] = (char) b;
        }
        return new String(chars);
    }

    /** Decodes {@code bytes[i..end)} into {@code chars} from index {@code n} on, and returns all the chars. */
    private static String decode(byte[] bytes, int i, int end, char[] chars, int n) {
        while (i < end) {
            int lead = bytes[i] & 0xff;
            if (lead < 0x80) {
                chars[n++] = (char) lead;
                i++;
                continue;
            }
            int continuations = continuationCount(lead);
            if (continuations == 0) {
                chars[n++] = REPLACEMENT;
                i++;
                continue;
            }
            int codePoint = lead & (0x3F >> continuations);
            int k = 1;
            while (k <= continuations && i + k < end) {
                int b = bytes[i + k] & 0xff;
                // Surrogates are excluded after decoding, as the JDK does: a surrogate's three bytes are one
                // replacement.
                if (!canContinue(lead, k, b, true)) {
                    break;
                }
                codePoint = (codePoint << 6) | (b & 0x3F);
                k++;
            }
            i += k;
            if (k <= continuations || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                chars[n++] = REPLACEMENT;
            } else if (codePoint >= 0x10000) {
                chars[n++] = Character.highSurrogate(codePoint);
                chars[n++] = Character.lowSurrogate(codePoint);
            } else {
                chars[n++] = (char) codePoint;
            }
        }
        return new String(chars, 0, n);
    }

    /**
     * Returns how many continuation bytes follow lead byte {@code lead} (0x80 to 0xFF) in a well-formed sequence: 1 to
     * 3, or 0 if no well-formed sequence starts with it (a continuation byte, C0, C1, F5 to FF). Unicode Table 3-7.
     */
    public static int continuationCount(int lead) {
        if (lead >= 0xC2 && lead <= 0xDF) {
            return 1;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            return 2;
        }
        return lead >= 0xF0 && lead <= 0xF4 ? 3 : 0;
    }

    /**
     * True if {@code b} (0 to 0xFF) can be continuation byte {@code k} (1 to 3) of a well-formed sequence led by
     * {@code lead}: any of 0x80 to 0xBF, but the second byte also excludes overlong forms (after E0 and F0), code
     * points above U+10FFFF (after F4) and, unless {@code surrogates}, the surrogates (after ED). Unicode Table 3-7.
     */
    public static boolean canContinue(int lead, int k, int b, boolean surrogates) {
        if (k == 1) {
            int min = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
            int max = lead == 0xF4 ? 0x8F : lead == 0xED && !surrogates ? 0x9F : 0xBF;
            return b >= min && b <= max;
        }
        return (b & 0xC0) == 0x80;
    }

    /** {@code new String(bytes, UTF_8)}. */
    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** {@code text.getBytes(UTF_8)}: an unpaired surrogate becomes {@code '?'}. A new array the caller owns. */
    public static byte[] encode(String text) {
        char[] chars = chars(text);
        byte[] ascii = new byte[chars.length];
        // The ASCII loop alone here, the rest in its own method: this one stays small on the hot path.
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 0x80) {
                return encode(chars, i, ascii, false);
            }
            ascii[i] = (byte) c;
        }
        return ascii;
    }

    /**
     * The generalized UTF-8 (WTF-8) of {@code text}: {@link #encode(String)}, except that an unpaired surrogate
     * becomes the three bytes of its code point, which UTF-8 forbids, instead of {@code '?'}; for a reader that must
     * report the surrogate where it stands. A new array the caller owns.
     */
    public static byte[] encodeGeneralized(String text) {
        return encode(chars(text), 0, new byte[0], true);
    }

    private static char[] chars(String text) {
        // One bulk copy of the chars, then plain array reads: under TeaVM each String.charAt is a call with its own
        // bounds check and stack frame, and so is toCharArray, which calls charAt per char; getChars copies at once.
        char[] chars = new char[text.length()];
        text.getChars(0, chars.length, chars, 0);
        return chars;
    }

    /** Encodes {@code chars} from index {@code i} on, after the ASCII {@code ascii[0..i)}. */
    private static byte[] encode(char[] chars, int i, byte[] ascii, boolean keepUnpairedSurrogates) {
        int length = chars.length;
        // At most three bytes per remaining char (a surrogate pair, two chars, takes four).
        byte[] out = new byte[i + (length - i) * 3];
        System.arraycopy(ascii, 0, out, 0, i);
        int n = i;
        for (; i < length; i++) {
            char c = chars[i];
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | (c >> 6));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(chars[i + 1])) {
                int codePoint = Character.toCodePoint(c, chars[++i]);
                out[n++] = (byte) (0xF0 | (codePoint >> 18));
                out[n++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                out[n++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (codePoint & 0x3F));
            } else if (Character.isSurrogate(c) && !keepUnpairedSurrogates) {
                out[n++] = '?';
            } else {
                out[n++] = (byte) (0xE0 | (c >> 12));
                out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        byte[] exact = new byte[n];
        System.arraycopy(out, 0, exact, 0, n);
        return exact;
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
     * {@code text.equalsIgnoreCase(lower)}, for a {@code lower} of ASCII characters none of which is an upper-case
     * letter, without the Unicode case tables that {@code equalsIgnoreCase} links (about 10 KB of every module). Of
     * the characters outside ASCII, exactly four equal an ASCII letter ignoring case, as the JDK compares (upper case,
     * then lower case of the upper case): U+0130 and U+0131 equal {@code i}, U+017F equals {@code s} and U+212A
     * (Kelvin sign) equals {@code k}.
     */
    public static boolean equalsIgnoreCase(String text, String lower) {
        int length = lower.length();
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            char expected = lower.charAt(i);
            if (c != expected && foldAscii(c) != expected) {
                return false;
            }
        }
        return true;
    }

    /** The ASCII lower-case letter that {@code c} equals ignoring case, or {@code c} if there is none. */
    private static char foldAscii(char c) {
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + ('a' - 'A'));
        }
        switch (c) {
            case '\u0130', '\u0131':
                return 'i';
            case '\u017f':
                return 's';
            case '\u212a':
                return 'k';
            default:
                return c;
        }
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
