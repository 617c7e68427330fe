package io.wasmjava.redis.resp;

import java.nio.charset.StandardCharsets;

/** Test helpers for writing wire bytes as readable literals. */
final class Wire {

    private Wire() {
    }

    /** Returns the UTF-8 bytes of {@code text}: {@code bytes("$3\r\nfoo\r\n")}. */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Returns one byte per char (chars must be below 256), for binary wire data: {@code latin1("$1\r\n\u00ff\r\n")}. */
    static byte[] latin1(String text) {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < out.length; i++) {
            char c = text.charAt(i);
            if (c > 0xff) {
                throw new IllegalArgumentException("char " + (int) c + " at " + i + " is not a byte");
            }
            out[i] = (byte) c;
        }
        return out;
    }

    /** Returns the bytes as a Latin-1 string, so AssertJ shows a wire mismatch as readable text. */
    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Returns {@code a} followed by {@code b}. */
    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
