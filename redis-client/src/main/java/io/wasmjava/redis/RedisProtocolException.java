package io.wasmjava.redis;

import io.wasmjava.redis.resp.RespProtocolException;

/** The host delivered bytes that are not exactly one valid RESP value. */
public final class RedisProtocolException extends RedisException {
    RedisProtocolException(String message, RespProtocolException cause) {
        super(message, cause);
    }

    RedisProtocolException(String message) {
        super(message);
    }
}
