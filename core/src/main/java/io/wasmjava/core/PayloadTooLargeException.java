package io.wasmjava.core;

/**
 * A value from outside the plugin (its configuration, a request or response body, an HTTP call's response, a Redis
 * reply) is larger than the plugin accepts: over its configured {@link Limits limit}, or too large to fit in what is
 * left of the module's heap. The value was never copied into the module, so nothing was lost but the value itself.
 *
 * <p>The SDK reports it where it happens: a configuration fails {@code proxy_on_configure} with this message, a
 * body is refused per {@link Limits#bodyOverflow()}, and the HTTP and Redis clients deliver it as a typed failure
 * to the call's callback.
 */
public final class PayloadTooLargeException extends RuntimeException {
    private final String subject;
    private final long sizeBytes;
    private final long limitBytes;
    private final String limitName;

    /**
     * @param subject what was too large, e.g. {@code "HTTP call response body"}
     * @param sizeBytes its size
     * @param limitBytes the limit it exceeded
     * @param limitName the name of that limit, e.g. {@code "maxCalloutResponseBytes"}, or a description such as
     *     {@code "free heap"}
     */
    public PayloadTooLargeException(String subject, long sizeBytes, long limitBytes, String limitName) {
        super(subject + " of " + sizeBytes + " bytes exceeds the " + limitName + " of " + limitBytes + " bytes");
        this.subject = subject;
        this.sizeBytes = sizeBytes;
        this.limitBytes = limitBytes;
        this.limitName = limitName;
    }

    /** This failure for another subject (the SDK names what it was fetching when the host's copy was refused). */
    public PayloadTooLargeException withSubject(String newSubject) {
        return new PayloadTooLargeException(newSubject, sizeBytes, limitBytes, limitName);
    }

    /** What was too large, e.g. {@code "HTTP call response body"}. */
    public String subject() {
        return subject;
    }

    /** The size of the value that was refused. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** The limit it exceeded. */
    public long limitBytes() {
        return limitBytes;
    }

    /** The name of the limit: a {@link Limits} setting, or {@code "free heap"} when the module's heap was full. */
    public String limitName() {
        return limitName;
    }
}
