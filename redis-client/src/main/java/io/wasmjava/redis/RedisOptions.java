package io.wasmjava.redis;

/**
 * Connection options for {@link RedisClient#init}, encoded into the init cluster name as Higress does
 * ({@code ?db=N&buffer_flush_timeout=MS&max_buffer_size_before_flush=BYTES}).
 *
 * @param database the Redis database number
 * @param bufferFlushTimeoutMillis how long Envoy batches commands before it sends them; 0 sends each at once
 * @param maxBufferSizeBeforeFlush the batch size at which Envoy sends the batch; 0 sends each command at once
 */
public record RedisOptions(int database, int bufferFlushTimeoutMillis, int maxBufferSizeBeforeFlush) {
    /** Envoy batches commands for up to this long by default. */
    public static final int DEFAULT_BUFFER_FLUSH_TIMEOUT_MILLIS = 3;
    /** Envoy flushes a batch at this size by default. */
    public static final int DEFAULT_MAX_BUFFER_SIZE_BEFORE_FLUSH = 1024;

    private static final RedisOptions DEFAULTS = new Builder().build();

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException naming the first component that is negative
     */
    public RedisOptions {
        notNegative("database", database);
        notNegative("bufferFlushTimeoutMillis", bufferFlushTimeoutMillis);
        notNegative("maxBufferSizeBeforeFlush", maxBufferSizeBeforeFlush);
    }

    private static void notNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative but was " + value);
        }
    }

    public static RedisOptions defaults() {
        return DEFAULTS;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** The query string appended to the cluster name for {@code proxy_redis_init}. */
    String initQuery() {
        StringBuilder query = new StringBuilder();
        if (database != 0) {
            query.append("db=").append(database).append('&');
        }
        query.append("buffer_flush_timeout=").append(bufferFlushTimeoutMillis)
                .append("&max_buffer_size_before_flush=").append(maxBufferSizeBeforeFlush);
        return query.toString();
    }

    /** Builder with Higress's defaults: database 0, 3 ms, 1024 bytes. No setting may be negative. */
    public static final class Builder {
        private int database;
        private int bufferFlushTimeoutMillis = DEFAULT_BUFFER_FLUSH_TIMEOUT_MILLIS;
        private int maxBufferSizeBeforeFlush = DEFAULT_MAX_BUFFER_SIZE_BEFORE_FLUSH;

        private Builder() {
        }

        public Builder database(int database) {
            this.database = database;
            return this;
        }

        public Builder bufferFlushTimeoutMillis(int millis) {
            this.bufferFlushTimeoutMillis = millis;
            return this;
        }

        public Builder maxBufferSizeBeforeFlush(int bytes) {
            this.maxBufferSizeBeforeFlush = bytes;
            return this;
        }

        /** Sends every command at once (both buffer settings 0), for latency-sensitive use. */
        public Builder disableBuffer() {
            this.bufferFlushTimeoutMillis = 0;
            this.maxBufferSizeBeforeFlush = 0;
            return this;
        }

        /**
         * Returns the options.
         *
         * @throws IllegalArgumentException naming the first setting that is negative
         */
        public RedisOptions build() {
            return new RedisOptions(database, bufferFlushTimeoutMillis, maxBufferSizeBeforeFlush);
        }
    }
}
