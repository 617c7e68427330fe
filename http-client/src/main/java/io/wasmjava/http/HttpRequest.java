package io.wasmjava.http;

import io.wasmjava.core.Headers;

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
         * @throws IllegalArgumentException if the URL cannot be parsed (bad percent-encoding, control characters,
         *     a scheme other than http/https)
         */
        public Builder url(String url) {
            if (url == null) {
                throw new IllegalArgumentException("url must not be null");
            }
            this.parsedUrl = ParsedUrl.parse(url);
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
         * case-sensitive, as in Higress) are ignored: the client derives them from the method and URL. Other
         * pseudo-headers such as {@code :scheme} are kept.
         *
         * @throws IllegalArgumentException if the name is null or empty, or the value is null
         */
        public Builder header(String name, String value) {
            if (isDerivedPseudoHeader(name)) {
                return this;
            }
            headers.add(name, value);
            return this;
        }

        /** Appends every pair of {@code headers}, ignoring the same pseudo-headers as {@link #header}. */
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
