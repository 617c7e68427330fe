package io.wasmjava.ratelimit;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Pure extraction of rate-limit key values from request bytes: query parameters and cookies, as Higress's Go code
 * reads them (a Go {@code string} is bytes: nothing is decoded or re-encoded).
 */
final class RequestValues {
    private static final byte[] EMPTY = new byte[0];

    private RequestValues() {
    }

    /**
     * Returns the first value of query parameter {@code name} in a request {@code :path}, decoded as Go's
     * {@code url.ParseQuery} decodes it ({@code +} is a space, {@code %XX} a byte), or null if absent. Higress
     * (main.go:193-205) cuts the fragment, takes what follows the first {@code ?}, splits it at {@code &}, and gives a
     * pair without {@code =} the empty value.
     *
     * <p>Where Go's parser reports an error, Higress does not limit the request at all, so a client could escape its
     * limit by adding junk to its query. This method keeps the values Go's parser did read: a pair whose {@code %}
     * escape is malformed is skipped (as Go skips it) and the rest count, and {@code ;} also separates pairs (Go
     * refuses a pair that has one), so {@code apikey=k;x=1} still counts under {@code k}. A query without either
     * gives exactly Go's result.
     */
    static byte[] queryParam(byte[] path, byte[] name) {
        int end = indexOf(path, '#', 0, path.length);
        if (end < 0) {
            end = path.length;
        }
        int question = indexOf(path, '?', 0, end);
        if (question < 0) {
            return null;
        }
        int start = question + 1;
        while (start <= end) {
            int pairEnd = start;
            while (pairEnd < end && path[pairEnd] != '&' && path[pairEnd] != ';') {
                pairEnd++;
            }
            if (pairEnd > start) {
                int equals = indexOf(path, '=', start, pairEnd);
                byte[] key = unescape(path, start, equals < 0 ? pairEnd : equals);
                if (key != null && Arrays.equals(key, name)) {
                    byte[] value = equals < 0 ? EMPTY : unescape(path, equals + 1, pairEnd);
                    if (value != null) {
                        return value;
                    }
                }
            }
            start = pairEnd + 1;
        }
        return null;
    }

    /**
     * Returns the value of cookie {@code name} in a {@code Cookie} header, as Higress's ExtractCookieValueByKey
     * (utils.go:49-60) finds it, or null if absent or empty: the header is split at {@code ;}, each pair trimmed of
     * white space (Go's {@code strings.TrimSpace}), and the first pair whose text before its first {@code =} is the
     * name gives the text between its first and second {@code =} ({@code sid=abc==} is {@code abc}). A pair that is
     * the name alone makes Higress panic; here it counts as absent.
     */
    static byte[] cookie(byte[] header, byte[] name) {
        int start = 0;
        while (start <= header.length) {
            int semicolon = indexOf(header, ';', start, header.length);
            int pairEnd = semicolon < 0 ? header.length : semicolon;
            int from = start;
            int to = pairEnd;
            int space;
            while (from < to && (space = spaceAt(header, from, to)) > 0) {
                from += space;
            }
            while (from < to && (space = spaceBefore(header, from, to)) > 0) {
                to -= space;
            }
            int equals = indexOf(header, '=', from, to);
            if (equalsRange(header, from, equals < 0 ? to : equals, name)) {
                if (equals < 0) {
                    return null;
                }
                int valueEnd = indexOf(header, '=', equals + 1, to);
                byte[] value = Arrays.copyOfRange(header, equals + 1, valueEnd < 0 ? to : valueEnd);
                return value.length == 0 ? null : value;
            }
            if (semicolon < 0) {
                return null;
            }
            start = semicolon + 1;
        }
        return null;
    }

    /** Go's {@code url.QueryUnescape} of {@code bytes[from, to)}; null if a {@code %} lacks two hex digits. */
    static byte[] unescape(byte[] bytes, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    return null;
                }
                // Latin-1 has no other hex digits than ASCII's, so the byte as a char is read as Go reads it.
                int high = Character.digit((char) (bytes[i + 1] & 0xff), 16);
                int low = Character.digit((char) (bytes[i + 2] & 0xff), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /**
     * The length of the white-space character Go's {@code unicode.IsSpace} sees at {@code bytes[i]} (before
     * {@code end}), or 0: ASCII {@code \t \n \v \f \r} and space, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028,
     * U+2029, U+202F, U+205F and U+3000 in UTF-8.
     */
    private static int spaceAt(byte[] bytes, int i, int end) {
        int b0 = bytes[i] & 0xff;
        if (b0 == ' ' || (b0 >= '\t' && b0 <= '\r')) {
            return 1;
        }
        if (b0 == 0xc2 && i + 1 < end) {
            int b1 = bytes[i + 1] & 0xff;
            return b1 == 0x85 || b1 == 0xa0 ? 2 : 0;
        }
        if (i + 2 >= end) {
            return 0;
        }
        int b1 = bytes[i + 1] & 0xff;
        int b2 = bytes[i + 2] & 0xff;
        boolean space = b0 == 0xe1 && b1 == 0x9a && b2 == 0x80
                || b0 == 0xe2 && b1 == 0x80 && (b2 >= 0x80 && b2 <= 0x8a || b2 == 0xa8 || b2 == 0xa9 || b2 == 0xaf)
                || b0 == 0xe2 && b1 == 0x81 && b2 == 0x9f
                || b0 == 0xe3 && b1 == 0x80 && b2 == 0x80;
        return space ? 3 : 0;
    }

    /** The length of a white-space character that ends at {@code end} and starts at or after {@code from}, or 0. */
    private static int spaceBefore(byte[] bytes, int from, int end) {
        for (int length = 1; length <= 3; length++) {
            if (end - length >= from && spaceAt(bytes, end - length, end) == length) {
                return length;
            }
        }
        return 0;
    }

    private static boolean equalsRange(byte[] bytes, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (bytes[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
