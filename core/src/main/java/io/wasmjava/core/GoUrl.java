package io.wasmjava.core;

import java.io.ByteArrayOutputStream;

/**
 * A URL as Go's {@code url.Parse} reads it (golang/go {@code src/net/url/url.go}): the SDK's one reading of URLs for
 * the code that mirrors Higress calls of {@code url.Parse}, route calls ({@code RouteCall} in wasm-go
 * {@code pkg/wrapper/plugin_wrapper.go}) and the HTTP client ({@code HttpCall} in {@code pkg/wrapper/http_wrapper.go}).
 *
 * <p>Followed from url.go: {@code Parse} cuts the fragment at the first {@code #} and reads the rest first;
 * {@code parse} refuses a control character; {@code getScheme} takes an ASCII letter followed by letters, digits,
 * {@code + - .} up to a {@code :} as the scheme (lower-cased; a {@code :} first is "missing protocol scheme");
 * the raw query starts at the first {@code ?}; a URL with a scheme and no {@code /} after it is opaque (path and
 * escaped path empty here, as Go leaves {@code Path} empty); a relative URL whose first segment has a {@code :} is
 * refused; an authority follows {@code //} (for a URL without a scheme, not {@code ///}). {@code parseAuthority}
 * drops user info up to the last {@code @} after checking it ({@code validUserinfo}, {@code unescape});
 * {@code parseHost} requires the {@code ]} of a {@code [} literal, a port of digits ({@code validOptionalPort}), host
 * characters allowed by {@code shouldEscape} in host mode, and escapes only of non-ASCII bytes or {@code %25}
 * ({@code unescape} in host mode), which it decodes. {@code setPath} and {@code setFragment} decode the path and the
 * fragment; {@link #escapedPath()} is {@code EscapedPath}: the path as written when {@code validEncoded} accepts it,
 * else the decoded path escaped again ({@code escape}).
 *
 * <p>Differences from Go: a control character is refused after the {@code #} too (Go checks only before it), since a
 * route call puts the decoded fragment in {@code :path}; an IPv6 zone (after {@code %25}) follows the host's escape
 * rules (Go's {@code encodeZone} also allows escaped ASCII host characters and spaces there); decoded bytes that are
 * not UTF-8 become U+FFFD in {@link #host()}, {@link #path()} and {@link #fragment()} (Go's strings keep the bytes;
 * {@link #escapedPath()} is computed from the bytes, as Go's is).
 *
 * @param scheme the scheme in lower case, or empty
 * @param host the host with its port (user info dropped, escapes decoded), or empty
 * @param path the percent-decoded path (Go's {@code Path}); empty for an opaque URL
 * @param escapedPath Go's {@code EscapedPath()}; empty for an opaque URL
 * @param rawQuery the query as written, without its {@code ?}; empty if none
 * @param fragment the percent-decoded fragment, without its {@code #}; empty if none
 */
public record GoUrl(String scheme, String host, String path, String escapedPath, String rawQuery, String fragment) {
    private static final String HEX = "0123456789ABCDEF";
    /** Besides letters and digits: what {@code shouldEscape(c, encodePath)} leaves as it is. */
    private static final String PATH_CHARS = "-_.~$&+,/:;=@";

    /**
     * Parses {@code url} as Go's {@code url.Parse} does.
     *
     * @throws IllegalArgumentException with Go's reason (e.g. {@code missing ']' in host}), without the URL, so the
     *     caller words the message; for a control character, its index instead of Go's reason
     */
    public static GoUrl parse(String url) {
        int control = controlCharacterIndex(url);
        if (control >= 0) {
            throw new IllegalArgumentException("invalid control character at index " + control);
        }
        int hash = url.indexOf('#');
        String rest = hash < 0 ? url : url.substring(0, hash);
        String scheme = "";
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == ':') {
                if (i == 0) {
                    throw new IllegalArgumentException("missing protocol scheme");
                }
                scheme = Utf8.lowerAscii(rest.substring(0, i));
                rest = rest.substring(i + 1);
                break;
            }
            // Of these characters only the letters sort after '9': a digit, '+', '-' or '.' cannot start a scheme.
            if (!isAlphanumericOr(c, "+-.") || i == 0 && c <= '9') {
                break;
            }
        }
        String rawQuery = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            rawQuery = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        String host = "";
        if (!rest.startsWith("/")) {
            int colon = rest.indexOf(':');
            int slash = rest.indexOf('/');
            if (!scheme.isEmpty()) {
                // Opaque (mailto:x): Go keeps it in Opaque, not in Path.
                rest = "";
            } else if (colon >= 0 && (slash < 0 || colon < slash)) {
                throw new IllegalArgumentException("first path segment in URL cannot contain colon");
            }
        } else if (rest.startsWith("//") && (!scheme.isEmpty() || !rest.startsWith("///"))) {
            int slash = rest.indexOf('/', 2);
            host = host(slash < 0 ? rest.substring(2) : rest.substring(2, slash));
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        byte[] path = unescape(rest, false);
        String fragment = hash < 0 ? "" : Utf8.decode(unescape(url.substring(hash + 1), false));
        return new GoUrl(scheme, host, Utf8.decode(path), validEncodedPath(rest) ? rest : escapePath(path), rawQuery,
                fragment);
    }

    /** Returns the index of the first control character (below U+0020, or U+007F) in {@code text}, or -1. */
    public static int controlCharacterIndex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }

    /** Go's {@code parseAuthority} and {@code parseHost}: the decoded host and port of {@code authority}. */
    private static String host(String authority) {
        int at = authority.lastIndexOf('@');
        String host = authority.substring(at + 1);
        String port = "";
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in host");
            }
            port = host.substring(close + 1);
        } else if (host.lastIndexOf(':') >= 0) {
            port = host.substring(host.lastIndexOf(':'));
        }
        for (int i = 0; i < port.length(); i++) {
            if (i == 0 ? port.charAt(0) != ':' : port.charAt(i) < '0' || port.charAt(i) > '9') {
                throw new IllegalArgumentException("invalid port \"" + port + "\" after host");
            }
        }
        String decoded = Utf8.decode(unescape(host, true));
        String userinfo = authority.substring(0, Math.max(at, 0));
        for (int i = 0; i < userinfo.length(); i++) {
            if (!isAlphanumericOr(userinfo.charAt(i), "-._:~!$&'()*+,;=%@")) {
                throw new IllegalArgumentException("net/url: invalid userinfo");
            }
        }
        // Go unescapes the user name and the password apart; without a ':' both calls check the whole.
        int colon = userinfo.indexOf(':');
        unescape(userinfo.substring(0, colon < 0 ? userinfo.length() : colon), false);
        unescape(userinfo.substring(colon + 1), false);
        return decoded;
    }

    /** Go's {@code unescape}, in host mode or (for a path, fragment or user info) not; returns the bytes. */
    private static byte[] unescape(String text, boolean host) {
        byte[] bytes = Utf8.encode(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '%') {
                char c = (char) bytes[i];
                if (host && bytes[i] >= 0 && !isAlphanumericOr(c, "-_.~!$&'()*+,;=:[]<>\"")) {
                    throw new IllegalArgumentException("invalid character \"" + c + "\" in host name");
                }
                out.write(bytes[i]);
                continue;
            }
            int high = i + 2 < bytes.length ? Utf8.hexDigitValue(bytes[i + 1]) : -1;
            int low = high >= 0 ? Utf8.hexDigitValue(bytes[i + 2]) : -1;
            // A host may escape only non-ASCII bytes, and '%' itself for an IPv6 zone (RFC 6874).
            if (low < 0 || host && high < 8 && (high != 2 || low != 5)) {
                throw new IllegalArgumentException(
                        "invalid URL escape \"" + Utf8.decode(bytes, i, Math.min(3, bytes.length - i)) + "\"");
            }
            out.write(high << 4 | low);
            i += 2;
        }
        return out.toByteArray();
    }

    /** Go's {@code validEncoded(raw, encodePath)}: whether {@code EscapedPath} may return the path as written. */
    private static boolean validEncodedPath(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (!isAlphanumericOr(raw.charAt(i), PATH_CHARS + "!'()*[]%")) {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code escape(path, encodePath)}. */
    private static String escapePath(byte[] path) {
        StringBuilder out = new StringBuilder(path.length);
        for (byte b : path) {
            if (b >= 0 && isAlphanumericOr((char) b, PATH_CHARS)) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
            }
        }
        return out.toString();
    }

    /** Whether {@code c} is an ASCII letter or digit, or one of {@code others}. */
    private static boolean isAlphanumericOr(char c, String others) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || others.indexOf(c) >= 0;
    }
}
