package io.wasmjava.core;

/**
 * The largest values a plugin accepts from outside, checked before the SDK copies them into the module. Past a
 * limit the outcome is a {@link PayloadTooLargeException}, never a trap: the configuration fails, a body is handled
 * per {@link #bodyOverflow()}, a callout or Redis reply reaches its callback as a typed failure.
 *
 * <p>The defaults fit the default heap ({@value #DEFAULT_HEAP_NOTE}) with room for a copy or two of each value
 * being processed at once. Besides these limits, any value the module's heap cannot hold right now (many large
 * bodies in flight at once) is refused the same way, with {@code "free heap"} as the limit. Immutable.
 */
public final class Limits {
    static final String DEFAULT_HEAP_NOTE = "128 MiB, wasmjava.maxHeapMiB";
    private static final long MIB = 1024 * 1024;
    /**
     * Default {@link #maxConfigurationBytes()}: 8 MiB. A parsed document keeps its text (1 byte per byte) plus its
     * tree, from about 1× the text for long strings to about 5× for many tiny values.
     */
    public static final long DEFAULT_MAX_CONFIGURATION_BYTES = 8 * MIB;
    /** Default {@link #maxBodyBytes()}: 32 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 32 * MIB;
    /** Default {@link #maxCalloutResponseBytes()}: 8 MiB. */
    public static final long DEFAULT_MAX_CALLOUT_RESPONSE_BYTES = 8 * MIB;
    /** Default {@link #maxRedisReplyBytes()}: 8 MiB. */
    public static final long DEFAULT_MAX_REDIS_REPLY_BYTES = 8 * MIB;

    private static final Limits DEFAULTS = newBuilder().build();

    /** What happens to a request or response body larger than {@link #maxBodyBytes()}. */
    public enum BodyOverflow {
        /**
         * The request is answered locally, as Envoy answers a body over its own buffer limit: a request body with
         * {@code 413 Payload Too Large} (details {@code request_payload_too_large}), a response body with
         * {@code 500} (details {@code response_payload_too_large}; Envoy resets the stream instead if the response
         * headers have already gone downstream).
         */
        REJECT,
        /** The plugin's body handler is skipped for this stream and the body passes on unchanged. */
        PASS_THROUGH
    }

    private final long maxConfigurationBytes;
    private final long maxBodyBytes;
    private final BodyOverflow bodyOverflow;
    private final long maxCalloutResponseBytes;
    private final long maxRedisReplyBytes;

    private Limits(Builder builder) {
        this.maxConfigurationBytes = builder.maxConfigurationBytes;
        this.maxBodyBytes = builder.maxBodyBytes;
        this.bodyOverflow = builder.bodyOverflow;
        this.maxCalloutResponseBytes = builder.maxCalloutResponseBytes;
        this.maxRedisReplyBytes = builder.maxRedisReplyBytes;
    }

    /** The defaults: 8 MiB configuration, 32 MiB bodies (rejected past it), 8 MiB callout and Redis replies. */
    public static Limits defaults() {
        return DEFAULTS;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder()
                .maxConfigurationBytes(maxConfigurationBytes)
                .maxBodyBytes(maxBodyBytes)
                .bodyOverflow(bodyOverflow)
                .maxCalloutResponseBytes(maxCalloutResponseBytes)
                .maxRedisReplyBytes(maxRedisReplyBytes);
    }

    /** The largest plugin configuration ({@code proxy_on_configure}) that is parsed; a larger one fails configure. */
    public long maxConfigurationBytes() {
        return maxConfigurationBytes;
    }

    /**
     * The largest request or response body handed to a body handler: the whole body for a buffered handler, one
     * chunk for a streaming one. Envoy's own buffer limits apply first (and answer 413 themselves).
     */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** What happens to a body over {@link #maxBodyBytes()}; default {@link BodyOverflow#REJECT}. */
    public BodyOverflow bodyOverflow() {
        return bodyOverflow;
    }

    /** The largest HTTP call response body; a larger one is a failed call. */
    public long maxCalloutResponseBytes() {
        return maxCalloutResponseBytes;
    }

    /** The largest Redis reply; a larger one is a failed command. */
    public long maxRedisReplyBytes() {
        return maxRedisReplyBytes;
    }

    @Override
    public String toString() {
        return "Limits{maxConfigurationBytes=" + maxConfigurationBytes + ", maxBodyBytes=" + maxBodyBytes
                + ", bodyOverflow=" + bodyOverflow + ", maxCalloutResponseBytes=" + maxCalloutResponseBytes
                + ", maxRedisReplyBytes=" + maxRedisReplyBytes + "}";
    }

    /** Builds {@link Limits}; every size must be positive. */
    public static final class Builder {
        private long maxConfigurationBytes = DEFAULT_MAX_CONFIGURATION_BYTES;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private BodyOverflow bodyOverflow = BodyOverflow.REJECT;
        private long maxCalloutResponseBytes = DEFAULT_MAX_CALLOUT_RESPONSE_BYTES;
        private long maxRedisReplyBytes = DEFAULT_MAX_REDIS_REPLY_BYTES;

        private Builder() {
        }

        public Builder maxConfigurationBytes(long bytes) {
            this.maxConfigurationBytes = positive("maxConfigurationBytes", bytes);
            return this;
        }

        public Builder maxBodyBytes(long bytes) {
            this.maxBodyBytes = positive("maxBodyBytes", bytes);
            return this;
        }

        public Builder bodyOverflow(BodyOverflow overflow) {
            if (overflow == null) {
                throw new NullPointerException("bodyOverflow");
            }
            this.bodyOverflow = overflow;
            return this;
        }

        public Builder maxCalloutResponseBytes(long bytes) {
            this.maxCalloutResponseBytes = positive("maxCalloutResponseBytes", bytes);
            return this;
        }

        public Builder maxRedisReplyBytes(long bytes) {
            this.maxRedisReplyBytes = positive("maxRedisReplyBytes", bytes);
            return this;
        }

        public Limits build() {
            return new Limits(this);
        }

        private static long positive(String name, long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + bytes);
            }
            return bytes;
        }
    }
}
