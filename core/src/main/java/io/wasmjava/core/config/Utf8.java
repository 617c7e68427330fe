package io.wasmjava.core.config;

/**
 * UTF-8 for the JSON reader: a strict validator (Unicode Table 3-7, well-formed byte sequences) for {@link
 * Json#parse(byte[])}, and conversions of the text it accepted.
 *
 * <p>{@link Json#parse(String)} hands the parser the {@linkplain io.wasmjava.core.Utf8#encodeGeneralized generalized
 * UTF-8} of its text, in which an unpaired surrogate is the three-byte sequence that UTF-8 forbids
 * ({@code ED A0..BF 80..BF}), so that the parser can report it where it stands. Every method but {@link #validate}
 * accepts that form too: unlike {@link io.wasmjava.core.Utf8#decode(byte[], int, int)}, which replaces it as the JDK
 * does, these return the surrogate itself.
 */
final class Utf8 {
    private Utf8() {}

    /**
     * Checks that {@code in} is well-formed UTF-8 from index {@code start} on, allocating nothing.
     *
     * @throws JsonSyntaxException at the first byte that is not part of a well-formed sequence
     */
    static void validate(byte[] in, int start) {
        int length = in.length;
        int i = start;
        while (i < length) {
            int b = in[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xff;
            int continuations = io.wasmjava.core.Utf8.continuationCount(b);
            if (continuations == 0) {
                throw JsonSyntaxException.at(in, i, false, "$", "invalid UTF-8 byte " + hexByte(b));
            }
            for (int k = 1; k <= continuations; k++) {
                if (i + k >= length) {
                    throw JsonSyntaxException.at(in, length, false, "$", "truncated UTF-8 sequence at end of input");
                }
                int c = in[i + k] & 0xff;
                if (!io.wasmjava.core.Utf8.canContinue(b, k, c, false)) {
                    throw JsonSyntaxException.at(
                            in, i + k, false, "$", "invalid UTF-8 byte " + hexByte(c) + " after " + hexByte(b));
                }
            }
            i += 1 + continuations;
        }
    }

    /** Returns the length of the sequence that starts with byte {@code lead}: 1 to 4. */
    static int sequenceLength(byte lead) {
        if (lead >= 0) {
            return 1;
        }
        int b = lead & 0xff;
        return b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    }

    /** Returns the code point of the sequence at {@code in[i]}, which is whole. */
    static int codePointAt(byte[] in, int i) {
        int b = in[i];
        if (b >= 0) {
            return b;
        }
        int length = sequenceLength(in[i]);
        int codePoint = b & (0x7F >> length);
        for (int k = 1; k < length; k++) {
            codePoint = (codePoint << 6) | (in[i + k] & 0x3F);
        }
        return codePoint;
    }

    /**
     * Returns the text of {@code in[from..to)}, whole sequences. Never throws for bytes changed since they were
     * validated: a sequence cut by {@code to} becomes U+FFFD.
     */
    static String decode(byte[] in, int from, int to) {
        // No sequence yields more chars than it has bytes.
        char[] chars = new char[to - from];
        int n = decodeInto(in, from, to, chars, 0);
        return new String(chars, 0, n);
    }

    /**
     * Decodes {@code in[from..to)} into {@code out} from index {@code n}, which has room for {@code to - from} more
     * chars, and returns the index after the last char written.
     */
    static int decodeInto(byte[] in, int from, int to, char[] out, int n) {
        int i = from;
        while (i < to) {
            byte b = in[i];
            if (b >= 0) {
                out[n++] = (char) b;
                i++;
                continue;
            }
            int length = sequenceLength(b);
            if (length > to - i) {
                out[n++] = '\uFFFD';
                break;
            }
            int codePoint = codePointAt(in, i);
            if (codePoint >= 0x10000) {
                out[n++] = Character.highSurrogate(codePoint);
                out[n++] = Character.lowSurrogate(codePoint);
            } else {
                out[n++] = (char) codePoint;
            }
            i += length;
        }
        return n;
    }

    /** Returns the number of UTF-16 chars that {@code in[from..to)}, whole sequences, decodes to. */
    static int charCount(byte[] in, int from, int to) {
        int chars = 0;
        for (int i = from; i < to; i++) {
            int b = in[i] & 0xff;
            // Continuation bytes add nothing; a four-byte lead stands for a surrogate pair.
            if ((b & 0xC0) != 0x80) {
                chars += b >= 0xF0 ? 2 : 1;
            }
        }
        return chars;
    }

    private static String hexByte(int b) {
        return "0x" + "0123456789ABCDEF".charAt(b >> 4) + "0123456789ABCDEF".charAt(b & 0xf);
    }
}
