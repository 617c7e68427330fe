package io.wasmjava.redis;

import io.wasmjava.redis.resp.RespValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what a {@link RedisCallback} was told, in order: each reply as its {@link RespValue}, each failure as a
 * one-line description of its type, details and message (see {@link #describe}), so that a test can assert on the
 * whole outcome list.
 */
final class RecordingRedisCallback implements RedisCallback {
    private final List<Object> outcomes = new ArrayList<>();
    private final List<RedisException> failures = new ArrayList<>();

    @Override
    public void onReply(RespValue reply) {
        outcomes.add(reply);
    }

    @Override
    public void onFailure(RedisException failure) {
        outcomes.add(describe(failure));
        failures.add(failure);
    }

    /** Replies ({@link RespValue}) and failures ({@link #describe descriptions}), in the order they arrived. */
    List<Object> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The failures themselves, for assertions on causes. */
    List<RedisException> failures() {
        return List.copyOf(failures);
    }

    /**
     * {@code RedisReplyException(NOSCRIPT, no script): NOSCRIPT No matching script...},
     * {@code RedisCallException(CALL_FAILED, host status 10): ...} or {@code RedisProtocolException: ...}.
     */
    static String describe(RedisException failure) {
        if (failure instanceof RedisReplyException) {
            RedisReplyException reply = (RedisReplyException) failure;
            return "RedisReplyException(" + reply.prefix() + (reply.isNoScript() ? ", no script" : "") + "): "
                    + reply.getMessage();
        }
        if (failure instanceof RedisCallException) {
            RedisCallException call = (RedisCallException) failure;
            return "RedisCallException(" + call.kind() + ", host status " + call.hostStatus() + "): "
                    + call.getMessage();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
