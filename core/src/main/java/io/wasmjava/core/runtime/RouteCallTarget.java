package io.wasmjava.core.runtime;

import io.wasmjava.core.Utf8;
import java.io.ByteArrayOutputStream;

/**
 * Where a route call sends the request: the {@code :path} and {@code :authority} Higress's {@code RouteCall} derives
 * from its URL with Go's {@code url.Parse} (wasm-go {@code pkg/wrapper/plugin_wrapper.go}, {@code RouteCall}):
 * {@code "/" + EscapedPath without its leading "/"}, then {@code "?" + RawQuery} and {@code "#" + Fragment} (the
 * fragment decoded) when not empty; the authority is the URL's host with port, empty for a URL without one.
 *
 * <p>Go's rules followed here: a control character anywhere, a bad percent escape in the path or fragment, a
 * {@code [} host without {@code ]}, a non-numeric port, a space in the host, a scheme-less URL whose first segment has
 * a colon, and a URL starting with {@code :} are errors; {@code EscapedPath} is the path as written when every
 * character of it may appear in a path, else the decoded path escaped again.
 *
 * @param authority the URL's host (and port), or empty
 * @param path the {@code :path} value
 */
record RouteCallTarget(String authority, String path) {
    private static final String HEX = "0123456789ABCDEF";

    /** @throws IllegalArgumentException naming what is wrong with {@code url} */
    static RouteCallTarget of(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                // The URL itself stays out of the message: it holds the control character.
                throw new IllegalArgumentException("route call URL: invalid control character at index " + i);
            }
        }
        String rest = url;
        String fragment = "";
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = Utf8.decode(unescape(rest.substring(hash + 1), url));
            rest = rest.substring(0, hash);
        }
        int schemeEnd = schemeEnd(rest, url);
        boolean hasScheme = schemeEnd > 0;
        if (hasScheme) {
            rest = rest.substring(schemeEnd + 1);
        }
        String rawQuery = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            rawQuery = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        String authority = "";
        if (hasScheme && !rest.startsWith("/")) {
            // An opaque URL (mailto:x): Go keeps it in Opaque, and EscapedPath is empty.
            rest = "";
        } else if (rest.startsWith("//") && (hasScheme || !rest.startsWith("///"))) {
            int slash = rest.indexOf('/', 2);
            authority = host(slash < 0 ? rest.substring(2) : rest.substring(2, slash), url);
            rest = slash < 0 ? "" : rest.substring(slash);
        } else if (!hasScheme) {
            int colon = rest.indexOf(':');
            int slash = rest.indexOf('/');
            if (colon >= 0 && (slash < 0 || colon < slash)) {
                throw bad(url, "first path segment in URL cannot contain colon");
            }
        }
        String escaped = escapedPath(rest, url);
        StringBuilder path = new StringBuilder().append('/')
                .append(escaped.startsWith("/") ? escaped.substring(1) : escaped);
        if (!rawQuery.isEmpty()) {
            path.append('?').append(rawQuery);
        }
        if (!fragment.isEmpty()) {
            path.append('#').append(fragment);
        }
        return new RouteCallTarget(authority, path.toString());
    }

    /** The index of the scheme's {@code :}, or -1 if the URL has no scheme (Go's {@code getScheme}). */
    private static int schemeEnd(String rest, String url) {
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                continue;
            }
            if ((c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') && i > 0) {
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    throw bad(url, "missing protocol scheme");
                }
                return i;
            }
            return -1;
        }
        return -1;
    }

    /** The host and port after any user info, checked as Go's {@code parseHost} does. */
    private static String host(String authority, String url) {
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        String port;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw bad(url, "missing ']' in host");
            }
            port = host.substring(close + 1);
            if (!port.isEmpty() && port.charAt(0) != ':') {
                throw bad(url, "invalid port " + "\"" + port + "\"" + " after host");
            }
        } else {
            int colon = host.lastIndexOf(':');
            port = colon < 0 ? "" : host.substring(colon);
            if (host.indexOf(' ') >= 0) {
                throw bad(url, "invalid character \" \" in host name");
            }
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                throw bad(url, "invalid port " + "\"" + port + "\"" + " after host");
            }
        }
        return host;
    }

    /** Go's {@code EscapedPath}: the path as written if it is a valid encoding, else the decoded path escaped. */
    private static String escapedPath(String raw, String url) {
        byte[] decoded = unescape(raw, url);
        boolean valid = true;
        for (int i = 0; i < raw.length() && valid; i++) {
            char c = raw.charAt(i);
            valid = c == '%' || "!$&'()*+,;=:@[]/".indexOf(c) >= 0 || !escapesInPath(c);
        }
        if (valid) {
            return raw;
        }
        StringBuilder out = new StringBuilder();
        for (byte b : decoded) {
            int c = b & 0xFF;
            if (c < 0x80 && !escapesInPath((char) c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            }
        }
        return out.toString();
    }

    /** Go's {@code shouldEscape(c, encodePath)} for an ASCII character. */
    private static boolean escapesInPath(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return false;
        }
        return "-_.~$&+,/:;=@".indexOf(c) < 0;
    }

    /** Percent-decodes {@code text} to bytes. */
    private static byte[] unescape(String text, String url) {
        byte[] bytes = Utf8.encode(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '%') {
                out.write(bytes[i]);
                continue;
            }
            int high = i + 2 < bytes.length ? Utf8.hexDigitValue(bytes[i + 1]) : -1;
            int low = high >= 0 ? Utf8.hexDigitValue(bytes[i + 2]) : -1;
            if (low < 0) {
                throw bad(url, "invalid URL escape \"" + Utf8.decode(bytes, i, Math.min(3, bytes.length - i)) + "\"");
            }
            out.write(high << 4 | low);
            i += 2;
        }
        return out.toByteArray();
    }

    private static IllegalArgumentException bad(String url, String why) {
        return new IllegalArgumentException("route call URL \"" + url + "\": " + why);
    }
}
