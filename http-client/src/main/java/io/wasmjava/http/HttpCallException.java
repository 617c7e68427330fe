package io.wasmjava.http;

/** An HTTP call that produced no response. {@link #kind()} says why. */
public final class HttpCallException extends Exception {
    /** Why there is no response. */
    public enum Kind {
        /**
         * The host refused to dispatch the call ({@code proxy_http_call} returned an error, e.g.
         * {@code BAD_ARGUMENT} for an unknown cluster). Reported synchronously from {@code send}.
         */
        DISPATCH_REFUSED,
        /** The call was reset or the connection failed: Envoy called back with no headers before the timeout. */
        RESET,
        /**
         * The host called back with no headers once the request's timeout had elapsed. Envoy itself answers a
         * timed-out call with a {@code 504 upstream request timeout} local reply, which arrives as a response.
         */
        TIMEOUT,
        /** A response arrived but its {@code :status} is not a number between 100 and 999. */
        INVALID_RESPONSE,
        /**
         * A response arrived with a body over the plugin's {@code Limits.maxCalloutResponseBytes()}, or too large
         * for what is left of the module's heap; it was not read. The cause is the
         * {@link io.wasmjava.core.PayloadTooLargeException} with the size and the limit.
         */
        RESPONSE_TOO_LARGE
    }

    private final Kind kind;

    HttpCallException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    HttpCallException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
