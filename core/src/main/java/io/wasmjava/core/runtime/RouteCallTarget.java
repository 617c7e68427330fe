package io.wasmjava.core.runtime;

import io.wasmjava.core.GoUrl;

/**
 * Where a route call sends the request: the {@code :path} and {@code :authority} Higress's {@code RouteCall} derives
 * from its URL with Go's {@code url.Parse} (wasm-go {@code pkg/wrapper/plugin_wrapper.go}, {@code RouteCall}), here
 * {@link GoUrl}: {@code "/" + EscapedPath without its leading "/"}, then {@code "?" + RawQuery} and
 * {@code "#" + Fragment} (the fragment decoded) when not empty; the authority is the URL's host with port, empty for a
 * URL without one.
 *
 * @param authority the URL's host (and port), or empty
 * @param path the {@code :path} value
 */
record RouteCallTarget(String authority, String path) {
    /** @throws IllegalArgumentException naming {@code url} (unless it holds a control character) and the reason */
    static RouteCallTarget of(String url) {
        int control = GoUrl.controlCharacterIndex(url);
        if (control >= 0) {
            // The URL itself stays out of the message: it holds the control character.
            throw new IllegalArgumentException("route call URL: invalid control character at index " + control);
        }
        GoUrl parsed;
        try {
            parsed = GoUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("route call URL \"" + url + "\": " + e.getMessage(), e);
        }
        String escaped = parsed.escapedPath();
        StringBuilder path = new StringBuilder().append('/')
                .append(escaped.startsWith("/") ? escaped.substring(1) : escaped);
        if (!parsed.rawQuery().isEmpty()) {
            path.append('?').append(parsed.rawQuery());
        }
        if (!parsed.fragment().isEmpty()) {
            path.append('#').append(parsed.fragment());
        }
        return new RouteCallTarget(parsed.host(), path.toString());
    }
}
