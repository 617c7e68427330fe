package io.wasmjava.ratelimit;

import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Utf8;
import java.util.List;

/**
 * Request headers and the path as the bytes the client sent, which Higress's Go plugin keys on. The SDK hands header
 * values over as Java strings, decoded as UTF-8 with U+FFFD for each invalid sequence; a value without U+FFFD was
 * valid UTF-8 and its UTF-8 encoding is its bytes. A value with U+FFFD is read again from Envoy's request attributes,
 * which carry the bytes unchanged: {@code request.path}, and {@code request.headers.<name>}, in which Envoy joins all
 * values of the header with {@code ,} (so the value's own commas tell where it starts and ends: UTF-8 decoding never
 * merges a comma into a replacement). On a host without those attributes, the value keeps its U+FFFD (in UTF-8).
 */
final class RawRequest {
    private static final char REPLACEMENT = '\uFFFD';

    private RawRequest() {
    }

    /** The first value of request header {@code name} (as Envoy's {@code proxy_get_header_map_value}), or null. */
    static RequestValue header(HttpContext http, String name) {
        String value = http.requestHeader(name);
        if (value == null) {
            return null;
        }
        return value.indexOf(REPLACEMENT) < 0 ? RequestValue.ofText(value) : reread(http, name, value, 0);
    }

    /** The last value of request header {@code name}, or null. */
    static RequestValue lastHeader(HttpContext http, String name) {
        List<String> values = http.requestHeaders().values(name);
        if (values.isEmpty()) {
            return null;
        }
        String last = values.get(values.size() - 1);
        if (last.indexOf(REPLACEMENT) < 0) {
            return RequestValue.ofText(last);
        }
        int before = 0;
        for (int i = 0; i < values.size() - 1; i++) {
            before += commas(values.get(i)) + 1;
        }
        return reread(http, name, last, before);
    }

    /** The request's {@code :path} as bytes; empty if absent. */
    static byte[] path(HttpContext http) {
        String path = http.path();
        if (path.indexOf(REPLACEMENT) < 0) {
            return Utf8.encode(path);
        }
        byte[] raw = http.property("request", "path");
        return raw != null && Utf8.decode(raw).equals(path) ? raw : Utf8.encode(path);
    }

    /** The bytes of {@code decoded}, which follows {@code commasBefore} commas in Envoy's joined header value. */
    private static RequestValue reread(HttpContext http, String name, String decoded, int commasBefore) {
        byte[] joined = http.property("request", "headers", Utf8.lowerAscii(name));
        byte[] raw = joined == null ? null : segment(joined, commasBefore, commas(decoded));
        // A value that changed between the two reads falls back to the decoded text.
        return raw != null && Utf8.decode(raw).equals(decoded) ? RequestValue.ofBytes(raw)
                : RequestValue.ofText(decoded);
    }

    /** The bytes after the {@code skip}-th comma up to the comma after {@code inside} more, or null if too few. */
    private static byte[] segment(byte[] joined, int skip, int inside) {
        int start = 0;
        for (int k = 0; k < skip; k++) {
            start = indexOfComma(joined, start);
            if (start < 0) {
                return null;
            }
            start++;
        }
        int end = start;
        for (int k = 0; k <= inside; k++) {
            end = indexOfComma(joined, end);
            if (end < 0) {
                end = joined.length;
                break;
            }
            if (k < inside) {
                end++;
            }
        }
        byte[] out = new byte[end - start];
        System.arraycopy(joined, start, out, 0, out.length);
        return out;
    }

    private static int indexOfComma(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == ',') {
                return i;
            }
        }
        return -1;
    }

    private static int commas(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ',') {
                count++;
            }
        }
        return count;
    }
}
