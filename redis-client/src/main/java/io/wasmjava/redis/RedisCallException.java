package io.wasmjava.redis;

/** The host could not carry the command to Redis, or carried it and reported a failure instead of a reply. */
public final class RedisCallException extends RedisException {
    /** What failed. */
    public enum Kind {
        /** {@link RedisClient#init} was never called. */
        NOT_INITIALIZED,
        /** {@code proxy_redis_init} failed (for instance an unknown cluster); retried before the next command. */
        INIT_FAILED,
        /** {@code proxy_redis_call} returned an error status; the command was not sent. */
        DISPATCH_REFUSED,
        /** The host reported a failed call (connection refused or lost, timeout): a non-zero status. */
        CALL_FAILED,
        /**
         * A reply arrived over the plugin's {@code Limits.maxRedisReplyBytes()}, or too large for what is left of
         * the module's heap; it was not read. The cause is the {@link io.wasmjava.core.PayloadTooLargeException}
         * with the size and the limit. The command itself may have taken effect.
         */
        REPLY_TOO_LARGE
    }

    private final Kind kind;
    private final int hostStatus;

    RedisCallException(Kind kind, String message, int hostStatus) {
        this(kind, message, hostStatus, null);
    }

    RedisCallException(Kind kind, String message, int hostStatus, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.hostStatus = hostStatus;
    }

    public Kind kind() {
        return kind;
    }

    /** The host's status code, or 0 when the failure is not a host status. */
    public int hostStatus() {
        return hostStatus;
    }
}
