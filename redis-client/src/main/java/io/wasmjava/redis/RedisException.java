package io.wasmjava.redis;

/** A Redis command produced no reply value. The subclass says who failed. */
public abstract class RedisException extends Exception {
    RedisException(String message) {
        super(message);
    }

    RedisException(String message, Throwable cause) {
        super(message, cause);
    }
}
