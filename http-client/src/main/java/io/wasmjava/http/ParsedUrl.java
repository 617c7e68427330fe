package io.wasmjava.http;

import io.wasmjava.core.GoUrl;

/**
 * The parts of a URL that {@code proxy_http_call} needs, read with {@link GoUrl} as Higress's {@code HttpCall} reads
 * them with Go's {@code url.Parse} (wasm-go {@code pkg/wrapper/http_wrapper.go}): the host (with port) and the
 * {@code :path}, built from the percent-decoded path and the raw query; the fragment is dropped. Two rules are this
 * client's own: the scheme, if any, is http or https, and a URL with a scheme or starting with {@code //} names a
 * host (the call would otherwise go out with the cluster's authority, unlike what the URL says).
 *
 * @param host host and port of an absolute URL, or empty
 * @param pseudoPath the {@code :path} value: "/" + decoded path without its leading "/", plus "?" + raw query if any
 */
record ParsedUrl(String host, String pseudoPath) {
    /** @throws IllegalArgumentException quoting {@code url} and saying what is wrong with it */
    static ParsedUrl parse(String url) {
        if (GoUrl.controlCharacterIndex(url) >= 0) {
            throw new IllegalArgumentException("invalid control character in URL: " + quote(url));
        }
        GoUrl parsed;
        try {
            parsed = GoUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in " + quote(url), e);
        }
        String scheme = parsed.scheme();
        if (!scheme.isEmpty() && !scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("unsupported URL scheme \"" + scheme + "\" in " + quote(url));
        }
        if (parsed.host().isEmpty() && (!scheme.isEmpty() || url.startsWith("//"))) {
            throw new IllegalArgumentException("absolute URL without a host: " + quote(url));
        }
        String path = parsed.path().startsWith("/") ? parsed.path().substring(1) : parsed.path();
        String query = parsed.rawQuery().isEmpty() ? "" : "?" + parsed.rawQuery();
        return new ParsedUrl(parsed.host(), "/" + path + query);
    }

    static String quote(String url) {
        return "\"" + url + "\"";
    }
}
