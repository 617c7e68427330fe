package io.wasmjava.host;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A Redis command the plugin sent (Higress {@code proxy_redis_call}) and nobody answered yet. Answer it exactly once
 * with {@link #reply}, {@link #fail} or (with a Redis bridge) {@link #forwardToRedis}; calls may be answered in any
 * order. The answer runs {@code proxy_on_redis_call_response} on the root context before returning.
 */
public final class PendingRedisCall extends PendingCall<RedisCallout> {
    PendingRedisCall(PluginInstance harness, RedisCallout call) {
        super(harness, call);
    }

    /** The RESP-encoded command; a copy. */
    public byte[] query() {
        return call.query();
    }

    /** The RESP-encoded command as text, e.g. {@code *2\r\n$4\r\nINCR\r\n$1\r\nk\r\n}. */
    public String queryText() {
        return call.queryText();
    }

    /**
     * Delivers a reply with status 0: {@code resp} is the raw RESP reply, e.g. {@code :3\r\n} or {@code -ERR x\r\n}
     * (a server error is still a successful call).
     *
     * @throws IllegalStateException if the call was already answered
     */
    public void reply(byte[] resp) {
        harness.deliverRedisCall(call, 0, Objects.requireNonNull(resp, "resp"));
    }

    /** Delivers a UTF-8 RESP reply; see {@link #reply(byte[])}. */
    public void reply(String resp) {
        reply(resp.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Fails the call at the host (connection or timeout): the callback gets {@code status} (non-zero) and no reply.
     *
     * @throws IllegalArgumentException if {@code status} is 0
     * @throws IllegalStateException if the call was already answered
     */
    public void fail(int status) {
        if (status == 0) {
            throw new IllegalArgumentException("status 0 means success; use reply(...)");
        }
        harness.deliverRedisCall(call, status, new byte[0]);
    }

    /**
     * Sends the query to the real server the {@linkplain HostEmulator#setRedisBridge Redis bridge} routes this
     * cluster to, and delivers its reply (status 0; an error reply is a successful call too), or
     * {@link RedisBridge#CALL_FAILED_STATUS} and no reply if the server cannot be reached or does not answer within
     * the init's timeout (the reason is in {@link HostEmulator#redisBridgeErrors()}).
     *
     * @throws IllegalStateException if the call was already answered, no bridge routes its cluster, or the plugin
     *     never initialised the cluster successfully
     * @throws IllegalArgumentException if the query is not complete RESP
     */
    public void forwardToRedis() {
        harness.forwardRedisCall(call);
    }

    @Override
    public String toString() {
        return "PendingRedisCall" + call.toString().substring("RedisCallout".length());
    }
}
