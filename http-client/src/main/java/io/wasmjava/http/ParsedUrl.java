package io.wasmjava.http;

import io.wasmjava.core.Utf8;
import java.io.ByteArrayOutputStream;

/**
 * The parts of a URL that {@code proxy_http_call} needs, following Go's {@code url.Parse} as Higress's
 * {@code HttpCall} uses it: the host of an absolute URL (with port), the percent-decoded path, the raw query; the
 * fragment is dropped.
 *
 * @param host host and port of an absolute URL, or empty
 * @param path the percent-decoded path
 * @param rawQuery the query as written, without its "?"; empty if none
 */
record ParsedUrl(String host, String path, String rawQuery) {
    /** The {@code :path} value: "/" + decoded path without its leading "/", plus "?" + raw query if any. */
    String pseudoPath() {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return rawQuery.isEmpty() ? "/" + trimmed : "/" + trimmed + "?" + rawQuery;
    }

    static ParsedUrl parse(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("invalid control character in URL: " + quote(url));
            }
        }
        String rest = url;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        String rawQuery = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            rawQuery = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        String host = "";
        int colon = rest.indexOf(':');
        int slash = rest.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash) && isScheme(rest.substring(0, colon))) {
            String scheme = Utf8.lowerAscii(rest.substring(0, colon));
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("unsupported URL scheme \"" + scheme + "\" in " + quote(url));
            }
            rest = rest.substring(colon + 1);
            if (!rest.startsWith("//")) {
                throw new IllegalArgumentException("absolute URL without a host: " + quote(url));
            }
        }
        if (rest.startsWith("//")) {
            int end = rest.indexOf('/', 2);
            host = end < 0 ? rest.substring(2) : rest.substring(2, end);
            rest = end < 0 ? "" : rest.substring(end);
            int at = host.lastIndexOf('@');
            if (at >= 0) {
                host = host.substring(at + 1);
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("absolute URL without a host: " + quote(url));
            }
            if (host.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("invalid character \" \" in URL host: " + quote(url));
            }
        }
        return new ParsedUrl(host, percentDecode(rest, url), rawQuery);
    }

    private static boolean isScheme(String candidate) {
        if (candidate.isEmpty() || !Character.isLetter(candidate.charAt(0))) {
            return false;
        }
        for (int i = 1; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static String percentDecode(String path, String url) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || Utf8.hexDigitValue(path.charAt(i + 1)) < 0
                        || Utf8.hexDigitValue(path.charAt(i + 2)) < 0) {
                    throw new IllegalArgumentException("invalid URL escape \""
                            + path.substring(i, Math.min(path.length(), i + 3)) + "\" in " + quote(url));
                }
                out.write(Utf8.hexDigitValue(path.charAt(i + 1)) * 16 + Utf8.hexDigitValue(path.charAt(i + 2)));
                i += 2;
            } else {
                byte[] bytes = Utf8.encode(String.valueOf(c));
                if (Character.isHighSurrogate(c) && i + 1 < path.length()) {
                    bytes = Utf8.encode(path.substring(i, i + 2));
                    i++;
                }
                out.write(bytes, 0, bytes.length);
            }
        }
        return Utf8.decode(out.toByteArray());
    }

    static String quote(String url) {
        return "\"" + url + "\"";
    }
}
