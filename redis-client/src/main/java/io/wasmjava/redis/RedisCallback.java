package io.wasmjava.redis;

import io.wasmjava.redis.resp.RespValue;

/**
 * Receives the outcome of one Redis command: exactly one method, at most once, with the calling request's context
 * effective again; none if the calling request ended first. Failures that happen before anything is sent (not
 * initialized, init failed, dispatch refused) are reported before the command method returns.
 */
public interface RedisCallback {
    /** The server's reply; never an error reply (those go to {@link #onFailure}). May be a null bulk or array. */
    void onReply(RespValue reply);

    /** A {@link RedisReplyException}, {@link RedisCallException} or {@link RedisProtocolException}. */
    void onFailure(RedisException failure);
}
