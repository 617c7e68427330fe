package io.wasmjava.core.abi;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 conversion with an ASCII fast path. Header names and values are almost always ASCII, and TeaVM's charset
 * machinery (CharsetDecoder over ByteBuffer/CharBuffer) costs more per header than the host call that fetched it.
 */
final class Utf8 {
    private Utf8() {
    }

    static String decode(byte[] bytes, int offset, int length) {
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

    static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    static byte[] encode(String text) {
        int length = text.length();
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }
}
