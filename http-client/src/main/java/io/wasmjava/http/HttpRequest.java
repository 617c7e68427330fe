package io.wasmjava.http;

import io.wasmjava.core.HeaderValidator;
import io.wasmjava.core.Headers;
import io.wasmjava.core.InvalidHeaderException;

/**
 * An immutable outbound HTTP request: method, URL, headers, body and timeout. The URL is a path ({@code /token},
 * {@code token?x=1}) sent to the client's cluster, or an absolute URL whose host becomes the {@code :authority}
 * (the call still goes to the client's cluster: Envoy routes by cluster, not by URL). Build with
 * {@link #newBuilder()}.
 */
public final class HttpRequest {
    /** Timeout used when none is set, as in Higress's Go SDK. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 500;

    private final String method;
    private final String url;
    private final ParsedUrl parsedUrl;
    private final Headers headers;
    private final byte[] body;
    private final int timeoutMillis;

    private HttpRequest(Builder builder) {
        this.method = builder.method;
        this.url = builder.url;
        this.parsedUrl = builder.parsedUrl;
        this.headers = builder.headers.build();
        this.body = builder.body;
        this.timeoutMillis = builder.timeoutMillis;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** The method, upper case as given ({@code GET}, {@code POST}, …). */
    public String method() {
        return method;
    }

    /** The URL as given. */
    public String url() {
        return url;
    }

    /** Caller headers in order (pseudo-headers {@code :method}, {@code :path}, {@code :authority} excluded). */
    public Headers headers() {
        return headers;
    }

    /** The body; empty when there is none. A copy: callers may not change the request through it. */
    public byte[] body() {
        return body.clone();
    }

    byte[] bodyNoCopy() {
        return body;
    }

    public int timeoutMillis() {
        return timeoutMillis;
    }

    ParsedUrl parsedUrl() {
        return parsedUrl;
    }

    /** A builder starting from this request. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.method = method;
        builder.url = url;
        builder.parsedUrl = parsedUrl;
        builder.headers = headers.newBuilder();
        builder.body = body;
        builder.timeoutMillis = timeoutMillis;
        return builder;
    }

    @Override
    public String toString() {
        return "HttpRequest{" + method + " " + url + ", timeoutMillis=" + timeoutMillis + "}";
    }

    /** Builder; {@link #url(String)} is required, the method defaults to GET. */
    public static final class Builder {
        private static final byte[] NO_BODY = new byte[0];

        private String method = "GET";
        private String url;
        private ParsedUrl parsedUrl;
        private Headers.Builder headers = new Headers.Builder();
        private byte[] body = NO_BODY;
        private int timeoutMillis = DEFAULT_TIMEOUT_MILLIS;

        private Builder() {
        }

        /**
         * @throws IllegalArgumentException if Go's {@code url.Parse} refuses the URL, as Higress's {@code HttpCall}
         *     then fails ({@link io.wasmjava.core.GoUrl}: bad percent-encoding, control characters, a bad host or
         *     port, ...), it has a scheme other than http/https, or a scheme or leading {@code //} but no host, or
         *     the {@code :path} or {@code :authority} it gives would not be a valid header value
         *     ({@link HeaderValidator}): a decoded path with a space or control character (e.g. {@code %0D%0A}), or a
         *     host with a character outside RFC 3986 or a port above 65535. Higress's {@code HttpCall} sends such a
         *     path as it is; an HTTP/1 upstream would then read a broken request line
         */
        public Builder url(String url) {
            if (url == null) {
                throw new IllegalArgumentException("url must not be null");
            }
            ParsedUrl parsed = ParsedUrl.parse(url);
            try {
                HeaderValidator.checkAdd(HeaderValidator.Target.CALLOUT_REQUEST, ":path", parsed.pseudoPath());
                if (!parsed.host().isEmpty()) {
                    HeaderValidator.checkAuthority(parsed.host());
                }
            } catch (InvalidHeaderException e) {
                throw new IllegalArgumentException("invalid URL " + ParsedUrl.quote(url) + ": " + e.getMessage(), e);
            }
            this.parsedUrl = parsed;
            this.url = url;
            return this;
        }

        public Builder get() {
            return method("GET", null);
        }

        public Builder head() {
            return method("HEAD", null);
        }

        public Builder options() {
            return method("OPTIONS", null);
        }

        public Builder delete() {
            return method("DELETE", null);
        }

        public Builder post(byte[] body) {
            return method("POST", body);
        }

        public Builder put(byte[] body) {
            return method("PUT", body);
        }

        public Builder patch(byte[] body) {
            return method("PATCH", body);
        }

        /**
         * Any method, e.g. {@code CONNECT}, {@code TRACE} or an extension method.
         *
         * @param body null or empty for none; copied
         * @throws IllegalArgumentException if the method is empty or not an HTTP token
         */
        public Builder method(String method, byte[] body) {
            if (method == null || method.isEmpty()) {
                throw new IllegalArgumentException("method must not be empty");
            }
            for (int i = 0; i < method.length(); i++) {
                char c = method.charAt(i);
                if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                    throw new IllegalArgumentException("method is not an HTTP token: \"" + method + "\"");
                }
            }
            this.method = method;
            this.body = body == null || body.length == 0 ? NO_BODY : body.clone();
            return this;
        }

        /**
         * Appends a header. Pseudo-headers {@code :method}, {@code :path} and {@code :authority} (exactly these,
         * case-sensitive, as in Higress) are ignored: the client derives them from the method and URL. A
         * {@code :scheme} is kept (a second one replaces the first); any other pseudo-header is refused.
         *
         * @throws InvalidHeaderException if the name is not a token, the value is null or holds CR, LF, NUL or another
         *     control character, or the name is a pseudo-header other than those above ({@link HeaderValidator},
         *     target {@link HeaderValidator.Target#CALLOUT_REQUEST}); nothing is added then
         */
        public Builder header(String name, String value) {
            if (isDerivedPseudoHeader(name)) {
                return this;
            }
            HeaderValidator.checkAdd(HeaderValidator.Target.CALLOUT_REQUEST, name, value);
            if (":scheme".equals(name)) {
                headers.set(name, value);
            } else {
                headers.add(name, value);
            }
            return this;
        }

        /**
         * Appends every pair of {@code headers}, ignoring the same pseudo-headers as {@link #header}.
         *
         * @throws InvalidHeaderException as {@link #header}, for the first bad pair (the pairs before it are added)
         */
        public Builder headers(Headers headers) {
            for (int i = 0; i < headers.size(); i++) {
                header(headers.name(i), headers.value(i));
            }
            return this;
        }

        private static boolean isDerivedPseudoHeader(String name) {
            return ":method".equals(name) || ":path".equals(name) || ":authority".equals(name);
        }

        /**
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeoutMillis(int timeoutMillis) {
            if (timeoutMillis <= 0) {
                throw new IllegalArgumentException("timeoutMillis must be positive but was " + timeoutMillis);
            }
            this.timeoutMillis = timeoutMillis;
            return this;
        }

        /**
         * @throws IllegalStateException if no URL was set
         */
        public HttpRequest build() {
            if (url == null) {
                throw new IllegalStateException("url is required");
            }
            return new HttpRequest(this);
        }
    }
}
