package io.wasmjava.ratelimit;

import io.wasmjava.core.Utf8;
import java.io.ByteArrayOutputStream;

/** Pure extraction of rate-limit key values from request data: query parameters and cookies. */
final class RequestValues {
    private RequestValues() {
    }

    /**
     * Returns the first value of query parameter {@code name} in a request {@code :path}, decoded as Go's
     * {@code url.ParseQuery} decodes it ({@code +} is a space, {@code %XX} a byte, UTF-8), or null if absent.
     * Pairs are separated by {@code &}; a pair without {@code =} has the empty value. A pair that does not decode
     * (a bad {@code %} escape) is skipped. Go's parser, and so Higress, instead gives up on the whole query when
     * any pair is malformed, so one junk pair turned the limit off.
     */
    static String queryParam(String path, String name) {
        int question = path.indexOf('?');
        if (question < 0) {
            return null;
        }
        int end = path.indexOf('#', question);
        String query = path.substring(question + 1, end < 0 ? path.length() : end);
        int start = 0;
        while (start <= query.length()) {
            int amp = query.indexOf('&', start);
            String pair = query.substring(start, amp < 0 ? query.length() : amp);
            start = amp < 0 ? query.length() + 1 : amp + 1;
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = unescape(equals < 0 ? pair : pair.substring(0, equals));
            if (key == null || !key.equals(name)) {
                continue;
            }
            String value = equals < 0 ? "" : unescape(pair.substring(equals + 1));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * Returns the value of cookie {@code name} in a {@code Cookie} header ({@code a=1; b=2}), or null if absent or
     * empty. The value is everything after the first {@code =}: Higress cuts it at a second {@code =}, which broke
     * base64 values with padding.
     */
    static String cookie(String header, String name) {
        int start = 0;
        while (start <= header.length()) {
            int semicolon = header.indexOf(';', start);
            String pair = header.substring(start, semicolon < 0 ? header.length() : semicolon).trim();
            start = semicolon < 0 ? header.length() + 1 : semicolon + 1;
            int equals = pair.indexOf('=');
            if (equals >= 0 && pair.substring(0, equals).equals(name)) {
                String value = pair.substring(equals + 1);
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** Go's {@code url.QueryUnescape}; null if a {@code %} is not followed by two hex digits. */
    static String unescape(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] bytes = Utf8.encode(text);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                if (i + 2 >= bytes.length) {
                    return null;
                }
                int high = Character.digit((char) bytes[i + 1], 16);
                int low = Character.digit((char) bytes[i + 2], 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return Utf8.decode(out.toByteArray());
    }
}
