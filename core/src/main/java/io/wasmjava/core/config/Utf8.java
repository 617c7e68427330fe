package io.wasmjava.core.config;

/** A strict UTF-8 decoder (Unicode Table 3-7, well-formed byte sequences) for {@link Json#parse(byte[])}. */
final class Utf8 {
    private Utf8() {}

    /**
     * Decodes {@code in} from index {@code start} into {@code out}, which has room for {@code in.length - start}
     * chars (the most possible: no sequence yields more chars than bytes), and returns the number of chars written.
     *
     * @throws JsonSyntaxException at the first byte that is not part of a well-formed sequence
     */
    static int decode(byte[] in, int start, char[] out) {
        int length = in.length;
        int n = 0;
        int i = start;
        while (i < length) {
            int b = in[i];
            if (b >= 0) {
                out[n++] = (char) b;
                i++;
                continue;
            }
            b &= 0xff;
            int sequenceLength;
            int codePoint;
            // The allowed range of the second byte excludes overlong forms, surrogates and code points above U+10FFFF.
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                sequenceLength = 2;
                codePoint = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                sequenceLength = 3;
                codePoint = b & 0x0F;
                if (b == 0xE0) {
                    secondMin = 0xA0;
                } else if (b == 0xED) {
                    secondMax = 0x9F;
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                sequenceLength = 4;
                codePoint = b & 0x07;
                if (b == 0xF0) {
                    secondMin = 0x90;
                } else if (b == 0xF4) {
                    secondMax = 0x8F;
                }
            } else {
                throw error(in, i, "invalid UTF-8 byte " + hexByte(b));
            }
            for (int k = 1; k < sequenceLength; k++) {
                if (i + k >= length) {
                    throw error(in, length, "truncated UTF-8 sequence at end of input");
                }
                int c = in[i + k] & 0xff;
                int min = k == 1 ? secondMin : 0x80;
                int max = k == 1 ? secondMax : 0xBF;
                if (c < min || c > max) {
                    throw error(in, i + k, "invalid UTF-8 byte " + hexByte(c) + " after " + hexByte(b));
                }
                codePoint = (codePoint << 6) | (c & 0x3F);
            }
            if (codePoint >= 0x10000) {
                out[n++] = Character.highSurrogate(codePoint);
                out[n++] = Character.lowSurrogate(codePoint);
            } else {
                out[n++] = (char) codePoint;
            }
            i += sequenceLength;
        }
        return n;
    }

    /**
     * Returns the byte offset in {@code in}, decoded from {@code start}, of the char at {@code charIndex}. The input is
     * known to be well-formed.
     */
    static int byteOffset(byte[] in, int start, int charIndex) {
        int chars = 0;
        int i = start;
        while (i < in.length && chars < charIndex) {
            int b = in[i] & 0xff;
            if (b < 0x80) {
                i += 1;
                chars += 1;
            } else if (b < 0xE0) {
                i += 2;
                chars += 1;
            } else if (b < 0xF0) {
                i += 3;
                chars += 1;
            } else {
                i += 4;
                chars += 2;
            }
        }
        return i;
    }

    private static JsonSyntaxException error(byte[] in, int offset, String problem) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (in[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new JsonSyntaxException(line, offset - lineStart + 1, offset, "$", problem);
    }

    private static String hexByte(int b) {
        return "0x" + "0123456789ABCDEF".charAt(b >> 4) + "0123456789ABCDEF".charAt(b & 0xf);
    }
}
