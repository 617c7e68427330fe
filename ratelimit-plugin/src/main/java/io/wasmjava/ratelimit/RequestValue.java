package io.wasmjava.ratelimit;

import io.wasmjava.core.Utf8;
import java.util.Arrays;

/**
 * A value read from a request for a rate-limit key, as Higress's Go plugin holds it: the bytes the client sent
 * (a Go {@code string} is bytes, so the Redis key carries them unchanged, valid UTF-8 or not), and the text a Go
 * regular expression sees in them: UTF-8 decoded, each byte of an invalid sequence read as one U+FFFD (Go's
 * {@code utf8.DecodeRune}). Immutable; the arrays are never handed out for writing.
 */
final class RequestValue {
    private final byte[] bytes;
    private final String text;

    private RequestValue(byte[] bytes, String text) {
        this.bytes = bytes;
        this.text = text;
    }

    /** A value the host delivered as {@code text} without loss (it has no U+FFFD from a replaced byte). */
    static RequestValue ofText(String text) {
        return new RequestValue(Utf8.encode(text), text);
    }

    /** A value of raw bytes, which the caller no longer changes. */
    static RequestValue ofBytes(byte[] bytes) {
        return new RequestValue(bytes, goDecode(bytes));
    }

    /** The raw bytes; callers must not modify them. */
    byte[] bytes() {
        return bytes;
    }

    /** The text a Go {@code regexp} matches against. */
    String text() {
        return text;
    }

    /** True if the value's bytes are exactly {@code other}. */
    boolean hasBytes(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    /**
     * Decodes UTF-8 as Go ranges over a string: a well-formed sequence (no overlong forms, no surrogates, at most
     * U+10FFFF) is its code point, and any other byte is one U+FFFD. Java's decoder instead replaces a maximal
     * invalid subpart with a single U+FFFD, so {@code E2 82 41} is two replacement characters in Go and one in Java.
     */
    static String goDecode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                out.append((char) b);
                i++;
                continue;
            }
            int length;
            int min;
            int codePoint;
            if (b >= 0xc2 && b <= 0xdf) {
                length = 2;
                min = 0x80;
                codePoint = b & 0x1f;
            } else if (b >= 0xe0 && b <= 0xef) {
                length = 3;
                min = 0x800;
                codePoint = b & 0x0f;
            } else if (b >= 0xf0 && b <= 0xf4) {
                length = 4;
                min = 0x10000;
                codePoint = b & 0x07;
            } else {
                out.append('\uFFFD');
                i++;
                continue;
            }
            boolean valid = i + length <= bytes.length;
            for (int k = 1; valid && k < length; k++) {
                int next = bytes[i + k] & 0xff;
                valid = (next & 0xc0) == 0x80;
                codePoint = codePoint << 6 | (next & 0x3f);
            }
            if (!valid || codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
                out.append('\uFFFD');
                i++;
                continue;
            }
            if (codePoint >= 0x10000) {
                out.append((char) (0xd7c0 + (codePoint >> 10))).append((char) (0xdc00 | (codePoint & 0x3ff)));
            } else {
                out.append((char) codePoint);
            }
            i += length;
        }
        return out.toString();
    }

    /** The bytes, printable: see {@link #printable}. */
    @Override
    public String toString() {
        return printable(bytes);
    }

    /** {@code bytes} as text for logs: printable ASCII as it is, other bytes and the backslash as {@code \xNN}. */
    static String printable(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append((char) c);
            } else {
                out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        return out.toString();
    }
}
