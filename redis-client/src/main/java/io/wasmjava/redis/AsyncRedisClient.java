package io.wasmjava.redis;

import io.wasmjava.core.Promise;
import io.wasmjava.redis.resp.RespValue;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@link Promise} face of a {@link RedisClient}: the same commands, each returning a {@code Promise<RespValue>}
 * instead of taking a {@link RedisCallback}. Get it with {@link RedisClient#async()}. Every method delegates to the
 * {@link RedisClient} method of the same name, so encoding, readiness, lazy re-init and the NOAUTH retry are the
 * callback face's.
 *
 * <p>Each returned promise:
 * <ul>
 *   <li>succeeds with the server's reply, never an error reply; it may be a null bulk or null array
 *       ({@link RedisCallback#onReply});</li>
 *   <li>fails with the {@link RedisException} {@link RedisCallback#onFailure} would get: a
 *       {@link RedisReplyException} for an error reply, a {@link RedisCallException} when the host could not carry
 *       the command (then {@link RedisCallException#kind()} says why), a {@link RedisProtocolException} for bad
 *       bytes. Failures that happen before anything is sent (not initialized, init failed, dispatch refused) give a
 *       promise that has already failed when the method returns; so does an invalid argument (e.g. an empty
 *       {@link #command(List)}), with the {@link IllegalArgumentException};</li>
 *   <li>is bound to the request being handled: if that request ends before the reply arrives, nothing completes the
 *       promise and its stages never run.</li>
 * </ul>
 *
 * <pre>{@code
 * redis.async().get("quota:" + token)
 *     .map(reply -> reply.isNull() ? 0 : Long.parseLong(reply.asString()))
 *     .onSuccess(quota -> http.addRequestHeader("x-quota", Long.toString(quota)))
 *     .resumeOrReject(http, 503, "quota lookup failed");
 * }</pre>
 */
public final class AsyncRedisClient {
    private final RedisClient client;

    AsyncRedisClient(RedisClient client) {
        this.client = client;
    }

    /** The callback face this one delegates to. */
    public RedisClient client() {
        return client;
    }

    /**
     * Sends any command; {@code arguments} start with the command name. As {@link RedisClient#command(List,
     * RedisCallback)}.
     */
    public Promise<RespValue> command(List<?> arguments) {
        return call(callback -> client.command(arguments, callback));
    }

    /**
     * Sends any command; {@code arguments} start with the command name. As {@link RedisClient#command(RedisCallback,
     * Object...)}.
     */
    public Promise<RespValue> command(Object... arguments) {
        return call(callback -> client.command(callback, arguments));
    }

    /** Sends a command that is already RESP-encoded. As {@link RedisClient#encodedCommand(byte[], RedisCallback)}. */
    public Promise<RespValue> encodedCommand(byte[] encodedCommand) {
        return call(callback -> client.encodedCommand(encodedCommand, callback));
    }

    // ---- keys ----

    /** {@code DEL key}: integer reply, number of keys removed. As {@link RedisClient#del(String, RedisCallback)}. */
    public Promise<RespValue> del(String key) {
        return call(callback -> client.del(key, callback));
    }

    /** {@code EXISTS key}: integer reply 1 or 0. As {@link RedisClient#exists(String, RedisCallback)}. */
    public Promise<RespValue> exists(String key) {
        return call(callback -> client.exists(key, callback));
    }

    /**
     * {@code EXPIRE key seconds}: integer reply 1 if set. As {@link RedisClient#expire(String, long, RedisCallback)}.
     */
    public Promise<RespValue> expire(String key, long ttlSeconds) {
        return call(callback -> client.expire(key, ttlSeconds, callback));
    }

    /** {@code PERSIST key}. As {@link RedisClient#persist(String, RedisCallback)}. */
    public Promise<RespValue> persist(String key) {
        return call(callback -> client.persist(key, callback));
    }

    // ---- strings ----

    /** {@code GET key}: bulk reply, null bulk if absent. As {@link RedisClient#get(String, RedisCallback)}. */
    public Promise<RespValue> get(String key) {
        return call(callback -> client.get(key, callback));
    }

    /** {@code SET key value}. As {@link RedisClient#set(String, Object, RedisCallback)}. */
    public Promise<RespValue> set(String key, Object value) {
        return call(callback -> client.set(key, value, callback));
    }

    /** {@code SET key value EX ttl}. As {@link RedisClient#setex(String, Object, long, RedisCallback)}. */
    public Promise<RespValue> setex(String key, Object value, long ttlSeconds) {
        return call(callback -> client.setex(key, value, ttlSeconds, callback));
    }

    /**
     * {@code SET key value NX}, plus {@code EX ttl} when {@code ttlSeconds > 0}. As {@link RedisClient#setnx(String,
     * Object, long, RedisCallback)}.
     */
    public Promise<RespValue> setnx(String key, Object value, long ttlSeconds) {
        return call(callback -> client.setnx(key, value, ttlSeconds, callback));
    }

    /** {@code MGET key...}: array reply. As {@link RedisClient#mget(List, RedisCallback)}. */
    public Promise<RespValue> mget(List<String> keys) {
        return call(callback -> client.mget(keys, callback));
    }

    /** {@code MSET key value ...} in the map's iteration order. As {@link RedisClient#mset(Map, RedisCallback)}. */
    public Promise<RespValue> mset(Map<String, ?> values) {
        return call(callback -> client.mset(values, callback));
    }

    /** {@code INCR key}: integer reply, the new value. As {@link RedisClient#incr(String, RedisCallback)}. */
    public Promise<RespValue> incr(String key) {
        return call(callback -> client.incr(key, callback));
    }

    /** {@code DECR key}. As {@link RedisClient#decr(String, RedisCallback)}. */
    public Promise<RespValue> decr(String key) {
        return call(callback -> client.decr(key, callback));
    }

    /** {@code INCRBY key delta}. As {@link RedisClient#incrby(String, long, RedisCallback)}. */
    public Promise<RespValue> incrby(String key, long delta) {
        return call(callback -> client.incrby(key, delta, callback));
    }

    /** {@code DECRBY key delta}. As {@link RedisClient#decrby(String, long, RedisCallback)}. */
    public Promise<RespValue> decrby(String key, long delta) {
        return call(callback -> client.decrby(key, delta, callback));
    }

    // ---- lists ----

    /** {@code LLEN key}: integer reply, the list length. As {@link RedisClient#llen(String, RedisCallback)}. */
    public Promise<RespValue> llen(String key) {
        return call(callback -> client.llen(key, callback));
    }

    /**
     * {@code RPUSH key value...}: integer reply, the new length. As {@link RedisClient#rpush(String, List,
     * RedisCallback)}.
     */
    public Promise<RespValue> rpush(String key, List<?> values) {
        return call(callback -> client.rpush(key, values, callback));
    }

    /**
     * {@code LPUSH key value...}: integer reply, the new length. As {@link RedisClient#lpush(String, List,
     * RedisCallback)}.
     */
    public Promise<RespValue> lpush(String key, List<?> values) {
        return call(callback -> client.lpush(key, values, callback));
    }

    /**
     * {@code RPOP key}: bulk reply, null bulk if the list is empty. As {@link RedisClient#rpop(String,
     * RedisCallback)}.
     */
    public Promise<RespValue> rpop(String key) {
        return call(callback -> client.rpop(key, callback));
    }

    /**
     * {@code LPOP key}: bulk reply, null bulk if the list is empty. As {@link RedisClient#lpop(String,
     * RedisCallback)}.
     */
    public Promise<RespValue> lpop(String key) {
        return call(callback -> client.lpop(key, callback));
    }

    /** {@code LINDEX key index}. As {@link RedisClient#lindex(String, long, RedisCallback)}. */
    public Promise<RespValue> lindex(String key, long index) {
        return call(callback -> client.lindex(key, index, callback));
    }

    /** {@code LRANGE key start stop}: array reply. As {@link RedisClient#lrange(String, long, long, RedisCallback)}. */
    public Promise<RespValue> lrange(String key, long start, long stop) {
        return call(callback -> client.lrange(key, start, stop, callback));
    }

    /**
     * {@code LREM key count value}: integer reply, the number removed. As {@link RedisClient#lrem(String, long,
     * Object, RedisCallback)}.
     */
    public Promise<RespValue> lrem(String key, long count, Object value) {
        return call(callback -> client.lrem(key, count, value, callback));
    }

    /**
     * {@code LINSERT key BEFORE pivot value}. As {@link RedisClient#linsertBefore(String, Object, Object,
     * RedisCallback)}.
     */
    public Promise<RespValue> linsertBefore(String key, Object pivot, Object value) {
        return call(callback -> client.linsertBefore(key, pivot, value, callback));
    }

    /**
     * {@code LINSERT key AFTER pivot value}. As {@link RedisClient#linsertAfter(String, Object, Object,
     * RedisCallback)}.
     */
    public Promise<RespValue> linsertAfter(String key, Object pivot, Object value) {
        return call(callback -> client.linsertAfter(key, pivot, value, callback));
    }

    // ---- hashes ----

    /**
     * {@code HEXISTS key field}: integer reply 1 or 0. As {@link RedisClient#hexists(String, String, RedisCallback)}.
     */
    public Promise<RespValue> hexists(String key, String field) {
        return call(callback -> client.hexists(key, field, callback));
    }

    /**
     * {@code HDEL key field...}: integer reply, the number removed. As {@link RedisClient#hdel(String, List,
     * RedisCallback)}.
     */
    public Promise<RespValue> hdel(String key, List<String> fields) {
        return call(callback -> client.hdel(key, fields, callback));
    }

    /** {@code HLEN key}. As {@link RedisClient#hlen(String, RedisCallback)}. */
    public Promise<RespValue> hlen(String key) {
        return call(callback -> client.hlen(key, callback));
    }

    /**
     * {@code HGET key field}: bulk reply, null bulk if absent. As {@link RedisClient#hget(String, String,
     * RedisCallback)}.
     */
    public Promise<RespValue> hget(String key, String field) {
        return call(callback -> client.hget(key, field, callback));
    }

    /** {@code HSET key field value}. As {@link RedisClient#hset(String, String, Object, RedisCallback)}. */
    public Promise<RespValue> hset(String key, String field, Object value) {
        return call(callback -> client.hset(key, field, value, callback));
    }

    /** {@code HMGET key field...}: array reply. As {@link RedisClient#hmget(String, List, RedisCallback)}. */
    public Promise<RespValue> hmget(String key, List<String> fields) {
        return call(callback -> client.hmget(key, fields, callback));
    }

    /**
     * {@code HMSET key field value ...} in the map's iteration order. As {@link RedisClient#hmset(String, Map,
     * RedisCallback)}.
     */
    public Promise<RespValue> hmset(String key, Map<String, ?> fields) {
        return call(callback -> client.hmset(key, fields, callback));
    }

    /** {@code HKEYS key}: array reply. As {@link RedisClient#hkeys(String, RedisCallback)}. */
    public Promise<RespValue> hkeys(String key) {
        return call(callback -> client.hkeys(key, callback));
    }

    /** {@code HVALS key}: array reply. As {@link RedisClient#hvals(String, RedisCallback)}. */
    public Promise<RespValue> hvals(String key) {
        return call(callback -> client.hvals(key, callback));
    }

    /** {@code HGETALL key}: array reply of fields and values. As {@link RedisClient#hgetall(String, RedisCallback)}. */
    public Promise<RespValue> hgetall(String key) {
        return call(callback -> client.hgetall(key, callback));
    }

    /**
     * {@code HINCRBY key field delta}: integer reply, the new value. As {@link RedisClient#hincrby(String, String,
     * long, RedisCallback)}.
     */
    public Promise<RespValue> hincrby(String key, String field, long delta) {
        return call(callback -> client.hincrby(key, field, delta, callback));
    }

    /**
     * {@code HINCRBYFLOAT key field delta}: bulk reply, the new value. As {@link RedisClient#hincrbyfloat(String,
     * String, double, RedisCallback)}.
     */
    public Promise<RespValue> hincrbyfloat(String key, String field, double delta) {
        return call(callback -> client.hincrbyfloat(key, field, delta, callback));
    }

    // ---- sets ----

    /** {@code SCARD key}. As {@link RedisClient#scard(String, RedisCallback)}. */
    public Promise<RespValue> scard(String key) {
        return call(callback -> client.scard(key, callback));
    }

    /**
     * {@code SADD key member...}: integer reply, the number added. As {@link RedisClient#sadd(String, List,
     * RedisCallback)}.
     */
    public Promise<RespValue> sadd(String key, List<?> members) {
        return call(callback -> client.sadd(key, members, callback));
    }

    /**
     * {@code SREM key member...}: integer reply, the number removed. As {@link RedisClient#srem(String, List,
     * RedisCallback)}.
     */
    public Promise<RespValue> srem(String key, List<?> members) {
        return call(callback -> client.srem(key, members, callback));
    }

    /**
     * {@code SISMEMBER key member}: integer reply 1 or 0. As {@link RedisClient#sismember(String, Object,
     * RedisCallback)}.
     */
    public Promise<RespValue> sismember(String key, Object member) {
        return call(callback -> client.sismember(key, member, callback));
    }

    /** {@code SMEMBERS key}: array reply. As {@link RedisClient#smembers(String, RedisCallback)}. */
    public Promise<RespValue> smembers(String key) {
        return call(callback -> client.smembers(key, callback));
    }

    /** {@code SDIFF key1 key2}. As {@link RedisClient#sdiff(String, String, RedisCallback)}. */
    public Promise<RespValue> sdiff(String key1, String key2) {
        return call(callback -> client.sdiff(key1, key2, callback));
    }

    /**
     * {@code SDIFFSTORE destination key1 key2}. As {@link RedisClient#sdiffstore(String, String, String,
     * RedisCallback)}.
     */
    public Promise<RespValue> sdiffstore(String destination, String key1, String key2) {
        return call(callback -> client.sdiffstore(destination, key1, key2, callback));
    }

    /** {@code SINTER key1 key2}. As {@link RedisClient#sinter(String, String, RedisCallback)}. */
    public Promise<RespValue> sinter(String key1, String key2) {
        return call(callback -> client.sinter(key1, key2, callback));
    }

    /**
     * {@code SINTERSTORE destination key1 key2}. As {@link RedisClient#sinterstore(String, String, String,
     * RedisCallback)}.
     */
    public Promise<RespValue> sinterstore(String destination, String key1, String key2) {
        return call(callback -> client.sinterstore(destination, key1, key2, callback));
    }

    /** {@code SUNION key1 key2}. As {@link RedisClient#sunion(String, String, RedisCallback)}. */
    public Promise<RespValue> sunion(String key1, String key2) {
        return call(callback -> client.sunion(key1, key2, callback));
    }

    /**
     * {@code SUNIONSTORE destination key1 key2}. As {@link RedisClient#sunionstore(String, String, String,
     * RedisCallback)}.
     */
    public Promise<RespValue> sunionstore(String destination, String key1, String key2) {
        return call(callback -> client.sunionstore(destination, key1, key2, callback));
    }

    // ---- sorted sets ----

    /** {@code ZCARD key}. As {@link RedisClient#zcard(String, RedisCallback)}. */
    public Promise<RespValue> zcard(String key) {
        return call(callback -> client.zcard(key, callback));
    }

    /**
     * {@code ZADD key score member ...} (score first, as on the wire) in the map's iteration order. As {@link
     * RedisClient#zadd(String, Map, RedisCallback)}.
     */
    public Promise<RespValue> zadd(String key, Map<String, ? extends Number> membersAndScores) {
        return call(callback -> client.zadd(key, membersAndScores, callback));
    }

    /** {@code ZCOUNT key min max}. As {@link RedisClient#zcount(String, Object, Object, RedisCallback)}. */
    public Promise<RespValue> zcount(String key, Object min, Object max) {
        return call(callback -> client.zcount(key, min, max, callback));
    }

    /** {@code ZINCRBY key delta member}. As {@link RedisClient#zincrby(String, String, double, RedisCallback)}. */
    public Promise<RespValue> zincrby(String key, String member, double delta) {
        return call(callback -> client.zincrby(key, member, delta, callback));
    }

    /**
     * {@code ZSCORE key member}: bulk reply, null bulk if absent. As {@link RedisClient#zscore(String, String,
     * RedisCallback)}.
     */
    public Promise<RespValue> zscore(String key, String member) {
        return call(callback -> client.zscore(key, member, callback));
    }

    /** {@code ZRANK key member}. As {@link RedisClient#zrank(String, String, RedisCallback)}. */
    public Promise<RespValue> zrank(String key, String member) {
        return call(callback -> client.zrank(key, member, callback));
    }

    /** {@code ZREVRANK key member}. As {@link RedisClient#zrevrank(String, String, RedisCallback)}. */
    public Promise<RespValue> zrevrank(String key, String member) {
        return call(callback -> client.zrevrank(key, member, callback));
    }

    /** {@code ZREM key member...}. As {@link RedisClient#zrem(String, List, RedisCallback)}. */
    public Promise<RespValue> zrem(String key, List<String> members) {
        return call(callback -> client.zrem(key, members, callback));
    }

    /** {@code ZRANGE key start stop}: array reply. As {@link RedisClient#zrange(String, long, long, RedisCallback)}. */
    public Promise<RespValue> zrange(String key, long start, long stop) {
        return call(callback -> client.zrange(key, start, stop, callback));
    }

    /**
     * {@code ZREVRANGE key start stop}: array reply. As {@link RedisClient#zrevrange(String, long, long,
     * RedisCallback)}.
     */
    public Promise<RespValue> zrevrange(String key, long start, long stop) {
        return call(callback -> client.zrevrange(key, start, stop, callback));
    }

    // ---- scripting ----

    /** {@code EVAL script numkeys key... arg...}. As {@link RedisClient#eval(String, List, List, RedisCallback)}. */
    public Promise<RespValue> eval(String script, List<String> keys, List<?> args) {
        return call(callback -> client.eval(script, keys, args, callback));
    }

    /**
     * {@code EVALSHA sha1 numkeys key... arg...}; a server without the script fails with a {@link
     * RedisReplyException} whose {@link RedisReplyException#isNoScript()} is true. As {@link
     * RedisClient#evalsha(String, List, List, RedisCallback)}.
     */
    public Promise<RespValue> evalsha(String sha1, List<String> keys, List<?> args) {
        return call(callback -> client.evalsha(sha1, keys, args, callback));
    }

    /**
     * {@code SCRIPT LOAD script}: bulk reply, the script's SHA-1. As {@link RedisClient#scriptLoad(String,
     * RedisCallback)}.
     */
    public Promise<RespValue> scriptLoad(String script) {
        return call(callback -> client.scriptLoad(script, callback));
    }

    private Promise<RespValue> call(Consumer<RedisCallback> command) {
        return Promise.create(client.plugin(), completer -> command.accept(new RedisCallback() {
            @Override
            public void onReply(RespValue reply) {
                completer.succeed(reply);
            }

            @Override
            public void onFailure(RedisException failure) {
                completer.fail(failure);
            }
        }));
    }

    @Override
    public String toString() {
        return "AsyncRedisClient{" + client.clusterName() + "}";
    }
}
