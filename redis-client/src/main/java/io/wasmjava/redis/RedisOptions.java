package io.wasmjava.redis;

/**
 * Connection options for {@link RedisClient#init}, encoded into the init cluster name as Higress does
 * ({@code ?db=N&buffer_flush_timeout=MS&max_buffer_size_before_flush=BYTES}).
 */
public final class RedisOptions {
    /** Envoy batches commands for up to this long by default. */
    public static final int DEFAULT_BUFFER_FLUSH_TIMEOUT_MILLIS = 3;
    /** Envoy flushes a batch at this size by default. */
    public static final int DEFAULT_MAX_BUFFER_SIZE_BEFORE_FLUSH = 1024;

    private static final RedisOptions DEFAULTS = new Builder().build();

    private final int database;
    private final int bufferFlushTimeoutMillis;
    private final int maxBufferSizeBeforeFlush;

    private RedisOptions(Builder builder) {
        this.database = builder.database;
        this.bufferFlushTimeoutMillis = builder.bufferFlushTimeoutMillis;
        this.maxBufferSizeBeforeFlush = builder.maxBufferSizeBeforeFlush;
    }

    public static RedisOptions defaults() {
        return DEFAULTS;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public int database() {
        return database;
    }

    public int bufferFlushTimeoutMillis() {
        return bufferFlushTimeoutMillis;
    }

    public int maxBufferSizeBeforeFlush() {
        return maxBufferSizeBeforeFlush;
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

    /** Builder with Higress's defaults: database 0, 3 ms, 1024 bytes. */
    public static final class Builder {
        private int database;
        private int bufferFlushTimeoutMillis = DEFAULT_BUFFER_FLUSH_TIMEOUT_MILLIS;
        private int maxBufferSizeBeforeFlush = DEFAULT_MAX_BUFFER_SIZE_BEFORE_FLUSH;

        private Builder() {
        }

        /** @throws IllegalArgumentException if negative */
        public Builder database(int database) {
            if (database < 0) {
                throw new IllegalArgumentException("database must not be negative but was " + database);
            }
            this.database = database;
            return this;
        }

        /** @throws IllegalArgumentException if negative */
        public Builder bufferFlushTimeoutMillis(int millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("bufferFlushTimeoutMillis must not be negative but was " + millis);
            }
            this.bufferFlushTimeoutMillis = millis;
            return this;
        }

        /** @throws IllegalArgumentException if negative */
        public Builder maxBufferSizeBeforeFlush(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBufferSizeBeforeFlush must not be negative but was " + bytes);
            }
            this.maxBufferSizeBeforeFlush = bytes;
            return this;
        }

        /** Sends every command at once (both buffer settings 0), for latency-sensitive use. */
        public Builder disableBuffer() {
            this.bufferFlushTimeoutMillis = 0;
            this.maxBufferSizeBeforeFlush = 0;
            return this;
        }

        public RedisOptions build() {
            return new RedisOptions(this);
        }
    }
}
