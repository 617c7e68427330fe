package io.wasmjava.redis;

import io.wasmjava.redis.resp.RespEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One Redis command, RESP-encoded once when it is made: each command of Higress's Go SDK is a factory here, and a
 * {@link RedisClient} sends any of them with a callback ({@link RedisClient#send}) or as a
 * {@link io.wasmjava.core.Promise} ({@link RedisClient#call}). Command names go on the wire in lower case, arguments
 * as bulk strings in the SDK's order (numbers in decimal, doubles like Go's {@code %v}, byte arrays verbatim; see
 * {@link RespEncoder#encodeCommand(Object...)}).
 *
 * <p>Immutable, so a plugin that sends the same command on every request can make it once and reuse it. The reply of
 * each command is a {@link io.wasmjava.redis.resp.RespValue}; the factories' Javadoc names its usual shape.
 *
 * <pre>{@code
 * redis.call(RedisCommand.incr("hits:" + path)).map(RespValue::asLong)
 * }</pre>
 */
public final class RedisCommand {
    private final String name;
    private final byte[] encoded;

    private RedisCommand(String name, byte[] encoded) {
        this.name = name;
        this.encoded = encoded;
    }

    /**
     * Any command; {@code arguments} start with the command name.
     *
     * @throws IllegalArgumentException if there are no arguments or one cannot be encoded (see
     *     {@link RespEncoder#encodeCommand(Object...)})
     */
    public static RedisCommand of(Object... arguments) {
        return of(Arrays.asList(arguments));
    }

    /**
     * Any command; {@code arguments} start with the command name.
     *
     * @throws IllegalArgumentException as for {@link #of(Object...)}
     */
    public static RedisCommand of(List<?> arguments) {
        byte[] encoded = RespEncoder.encodeCommand(arguments);
        Object first = arguments.get(0);
        return new RedisCommand(first instanceof String ? (String) first : "command", encoded);
    }

    /**
     * A command that is already RESP-encoded, for example by {@link RespEncoder#encodeCommand(Object...)}. The bytes
     * must be exactly one command (an array of bulk strings); they are not checked, and Redis answers malformed ones
     * with an error or by closing the connection. The array is kept, not copied: the caller no longer changes it.
     *
     * @throws IllegalArgumentException if {@code encodedCommand} is empty
     */
    public static RedisCommand encoded(byte[] encodedCommand) {
        if (encodedCommand.length == 0) {
            throw new IllegalArgumentException("an encoded command cannot be empty");
        }
        return new RedisCommand("encoded", encodedCommand);
    }

    /** The command name as given (lower case for the factories here); for logs. */
    public String name() {
        return name;
    }

    /** The RESP bytes sent to the host; callers must not modify them. */
    byte[] encodedNoCopy() {
        return encoded;
    }

    // ---- keys ----

    /** {@code DEL key}: integer reply, number of keys removed. */
    public static RedisCommand del(String key) {
        return of("del", key);
    }

    /** {@code EXISTS key}: integer reply 1 or 0. */
    public static RedisCommand exists(String key) {
        return of("exists", key);
    }

    /** {@code EXPIRE key seconds}: integer reply 1 if set. */
    public static RedisCommand expire(String key, long ttlSeconds) {
        return of("expire", key, ttlSeconds);
    }

    /** {@code PERSIST key}: integer reply 1 if a timeout was removed. */
    public static RedisCommand persist(String key) {
        return of("persist", key);
    }

    // ---- strings ----

    /** {@code GET key}: bulk reply, null bulk if absent. */
    public static RedisCommand get(String key) {
        return of("get", key);
    }

    /** {@code SET key value}: {@code OK}. */
    public static RedisCommand set(String key, Object value) {
        return of("set", key, value);
    }

    /** {@code SET key value EX ttl}: {@code OK}. */
    public static RedisCommand setex(String key, Object value, long ttlSeconds) {
        return of("set", key, value, "ex", ttlSeconds);
    }

    /** {@code SET key value NX}, plus {@code EX ttl} when {@code ttlSeconds > 0}: {@code OK}, or null bulk if set. */
    public static RedisCommand setnx(String key, Object value, long ttlSeconds) {
        return ttlSeconds > 0 ? of("set", key, value, "nx", "ex", ttlSeconds) : of("set", key, value, "nx");
    }

    /** {@code MGET key...}: array reply. */
    public static RedisCommand mget(List<String> keys) {
        return keyed("mget", null, keys);
    }

    /** {@code MSET key value ...} in the map's iteration order: {@code OK}. */
    public static RedisCommand mset(Map<String, ?> values) {
        return pairs("mset", null, values, false);
    }

    /** {@code INCR key}: integer reply, the new value. */
    public static RedisCommand incr(String key) {
        return of("incr", key);
    }

    /** {@code DECR key}: integer reply, the new value. */
    public static RedisCommand decr(String key) {
        return of("decr", key);
    }

    /** {@code INCRBY key delta}: integer reply, the new value. */
    public static RedisCommand incrby(String key, long delta) {
        return of("incrby", key, delta);
    }

    /** {@code DECRBY key delta}: integer reply, the new value. */
    public static RedisCommand decrby(String key, long delta) {
        return of("decrby", key, delta);
    }

    // ---- lists ----

    /** {@code LLEN key}: integer reply, the list length. */
    public static RedisCommand llen(String key) {
        return of("llen", key);
    }

    /** {@code RPUSH key value...}: integer reply, the new length. */
    public static RedisCommand rpush(String key, List<?> values) {
        return keyed("rpush", key, values);
    }

    /** {@code LPUSH key value...}: integer reply, the new length. */
    public static RedisCommand lpush(String key, List<?> values) {
        return keyed("lpush", key, values);
    }

    /** {@code RPOP key}: bulk reply, null bulk if the list is empty. */
    public static RedisCommand rpop(String key) {
        return of("rpop", key);
    }

    /** {@code LPOP key}: bulk reply, null bulk if the list is empty. */
    public static RedisCommand lpop(String key) {
        return of("lpop", key);
    }

    /** {@code LINDEX key index}: bulk reply, null bulk if out of range. */
    public static RedisCommand lindex(String key, long index) {
        return of("lindex", key, index);
    }

    /** {@code LRANGE key start stop}: array reply. */
    public static RedisCommand lrange(String key, long start, long stop) {
        return of("lrange", key, start, stop);
    }

    /** {@code LREM key count value}: integer reply, the number removed. */
    public static RedisCommand lrem(String key, long count, Object value) {
        return of("lrem", key, count, value);
    }

    /** {@code LINSERT key BEFORE pivot value}: integer reply, the new length, -1 without the pivot. */
    public static RedisCommand linsertBefore(String key, Object pivot, Object value) {
        return of("linsert", key, "before", pivot, value);
    }

    /** {@code LINSERT key AFTER pivot value}: integer reply, the new length, -1 without the pivot. */
    public static RedisCommand linsertAfter(String key, Object pivot, Object value) {
        return of("linsert", key, "after", pivot, value);
    }

    // ---- hashes ----

    /** {@code HEXISTS key field}: integer reply 1 or 0. */
    public static RedisCommand hexists(String key, String field) {
        return of("hexists", key, field);
    }

    /** {@code HDEL key field...}: integer reply, the number removed. */
    public static RedisCommand hdel(String key, List<String> fields) {
        return keyed("hdel", key, fields);
    }

    /** {@code HLEN key}: integer reply. */
    public static RedisCommand hlen(String key) {
        return of("hlen", key);
    }

    /** {@code HGET key field}: bulk reply, null bulk if absent. */
    public static RedisCommand hget(String key, String field) {
        return of("hget", key, field);
    }

    /** {@code HSET key field value}: integer reply, 1 for a new field. */
    public static RedisCommand hset(String key, String field, Object value) {
        return of("hset", key, field, value);
    }

    /** {@code HMGET key field...}: array reply. */
    public static RedisCommand hmget(String key, List<String> fields) {
        return keyed("hmget", key, fields);
    }

    /** {@code HMSET key field value ...} in the map's iteration order: {@code OK}. */
    public static RedisCommand hmset(String key, Map<String, ?> fields) {
        return pairs("hmset", key, fields, false);
    }

    /** {@code HKEYS key}: array reply. */
    public static RedisCommand hkeys(String key) {
        return of("hkeys", key);
    }

    /** {@code HVALS key}: array reply. */
    public static RedisCommand hvals(String key) {
        return of("hvals", key);
    }

    /** {@code HGETALL key}: array reply of fields and values. */
    public static RedisCommand hgetall(String key) {
        return of("hgetall", key);
    }

    /** {@code HINCRBY key field delta}: integer reply, the new value. */
    public static RedisCommand hincrby(String key, String field, long delta) {
        return of("hincrby", key, field, delta);
    }

    /** {@code HINCRBYFLOAT key field delta}: bulk reply, the new value. */
    public static RedisCommand hincrbyfloat(String key, String field, double delta) {
        return of("hincrbyfloat", key, field, delta);
    }

    // ---- sets ----

    /** {@code SCARD key}: integer reply. */
    public static RedisCommand scard(String key) {
        return of("scard", key);
    }

    /** {@code SADD key member...}: integer reply, the number added. */
    public static RedisCommand sadd(String key, List<?> members) {
        return keyed("sadd", key, members);
    }

    /** {@code SREM key member...}: integer reply, the number removed. */
    public static RedisCommand srem(String key, List<?> members) {
        return keyed("srem", key, members);
    }

    /** {@code SISMEMBER key member}: integer reply 1 or 0. */
    public static RedisCommand sismember(String key, Object member) {
        return of("sismember", key, member);
    }

    /** {@code SMEMBERS key}: array reply. */
    public static RedisCommand smembers(String key) {
        return of("smembers", key);
    }

    /** {@code SDIFF key1 key2}: array reply. */
    public static RedisCommand sdiff(String key1, String key2) {
        return of("sdiff", key1, key2);
    }

    /** {@code SDIFFSTORE destination key1 key2}: integer reply, the size stored. */
    public static RedisCommand sdiffstore(String destination, String key1, String key2) {
        return of("sdiffstore", destination, key1, key2);
    }

    /** {@code SINTER key1 key2}: array reply. */
    public static RedisCommand sinter(String key1, String key2) {
        return of("sinter", key1, key2);
    }

    /** {@code SINTERSTORE destination key1 key2}: integer reply, the size stored. */
    public static RedisCommand sinterstore(String destination, String key1, String key2) {
        return of("sinterstore", destination, key1, key2);
    }

    /** {@code SUNION key1 key2}: array reply. */
    public static RedisCommand sunion(String key1, String key2) {
        return of("sunion", key1, key2);
    }

    /** {@code SUNIONSTORE destination key1 key2}: integer reply, the size stored. */
    public static RedisCommand sunionstore(String destination, String key1, String key2) {
        return of("sunionstore", destination, key1, key2);
    }

    // ---- sorted sets ----

    /** {@code ZCARD key}: integer reply. */
    public static RedisCommand zcard(String key) {
        return of("zcard", key);
    }

    /** {@code ZADD key score member ...} (score first, as on the wire) in the map's iteration order. */
    public static RedisCommand zadd(String key, Map<String, ? extends Number> membersAndScores) {
        return pairs("zadd", key, membersAndScores, true);
    }

    /** {@code ZCOUNT key min max}: integer reply. */
    public static RedisCommand zcount(String key, Object min, Object max) {
        return of("zcount", key, min, max);
    }

    /** {@code ZINCRBY key delta member}: bulk reply, the new score. */
    public static RedisCommand zincrby(String key, String member, double delta) {
        return of("zincrby", key, delta, member);
    }

    /** {@code ZSCORE key member}: bulk reply, null bulk if absent. */
    public static RedisCommand zscore(String key, String member) {
        return of("zscore", key, member);
    }

    /** {@code ZRANK key member}: integer reply, null bulk if absent. */
    public static RedisCommand zrank(String key, String member) {
        return of("zrank", key, member);
    }

    /** {@code ZREVRANK key member}: integer reply, null bulk if absent. */
    public static RedisCommand zrevrank(String key, String member) {
        return of("zrevrank", key, member);
    }

    /** {@code ZREM key member...}: integer reply, the number removed. */
    public static RedisCommand zrem(String key, List<String> members) {
        return keyed("zrem", key, members);
    }

    /** {@code ZRANGE key start stop}: array reply. */
    public static RedisCommand zrange(String key, long start, long stop) {
        return of("zrange", key, start, stop);
    }

    /** {@code ZREVRANGE key start stop}: array reply. */
    public static RedisCommand zrevrange(String key, long start, long stop) {
        return of("zrevrange", key, start, stop);
    }

    // ---- scripting ----

    /** {@code EVAL script numkeys key... arg...}; {@link RedisScript} sends a script by its SHA-1 first. */
    public static RedisCommand eval(String script, List<?> keys, List<?> args) {
        return script("eval", script, keys, args);
    }

    /**
     * {@code EVALSHA sha1 numkeys key... arg...}; a server without the script fails with a
     * {@link RedisReplyException} whose {@link RedisReplyException#isNoScript()} is true.
     */
    public static RedisCommand evalsha(String sha1, List<?> keys, List<?> args) {
        return script("evalsha", sha1, keys, args);
    }

    /** {@code SCRIPT LOAD script}: bulk reply, the script's SHA-1. */
    public static RedisCommand scriptLoad(String script) {
        return of("script", "load", script);
    }

    private static RedisCommand script(String command, String script, List<?> keys, List<?> args) {
        Object[] arguments = new Object[3 + keys.size() + args.size()];
        arguments[0] = command;
        arguments[1] = script;
        arguments[2] = keys.size();
        for (int i = 0; i < keys.size(); i++) {
            arguments[3 + i] = keys.get(i);
        }
        for (int i = 0; i < args.size(); i++) {
            arguments[3 + keys.size() + i] = args.get(i);
        }
        return of(arguments);
    }

    /** {@code command [key] values...}; {@code key} null for none. */
    private static RedisCommand keyed(String command, String key, List<?> values) {
        List<Object> arguments = new ArrayList<>(2 + values.size());
        arguments.add(command);
        if (key != null) {
            arguments.add(key);
        }
        arguments.addAll(values);
        return of(arguments);
    }

    /** {@code command [key] k1 v1 k2 v2...}, or {@code v1 k1...} when {@code valueFirst}; {@code key} null for none. */
    private static RedisCommand pairs(String command, String key, Map<String, ?> entries, boolean valueFirst) {
        List<Object> arguments = new ArrayList<>(2 + 2 * entries.size());
        arguments.add(command);
        if (key != null) {
            arguments.add(key);
        }
        for (Map.Entry<String, ?> entry : entries.entrySet()) {
            arguments.add(valueFirst ? entry.getValue() : entry.getKey());
            arguments.add(valueFirst ? entry.getKey() : entry.getValue());
        }
        return of(arguments);
    }
}
