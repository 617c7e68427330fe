package io.wasmjava.redis;

import io.wasmjava.cluster.Cluster;
import io.wasmjava.cluster.ClusterContext;
import io.wasmjava.core.Callouts;
import io.wasmjava.core.PayloadTooLargeException;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.redis.resp.RespDecoder;
import io.wasmjava.redis.resp.RespEncoder;
import io.wasmjava.redis.resp.RespProtocolException;
import io.wasmjava.redis.resp.RespValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Redis commands through Higress's host functions, bound to one cluster. Create it in the config parser, call
 * {@link #init} there, then send commands from any phase. Command names go on the wire in lower case, arguments as
 * bulk strings (numbers in decimal, doubles like Go's {@code %v}, byte arrays verbatim).
 *
 * <p>Readiness follows Higress: a command before {@link #init} fails with {@code NOT_INITIALIZED}; after a failed
 * init, each command first retries init and fails with {@code INIT_FAILED} if that fails again. A reply of
 * {@code NOAUTH} (or Redis 6's {@code unauthenticated}) re-runs init and retries the command once.
 *
 * <p>Every command has two faces with one implementation: the methods here take a {@link RedisCallback}, and
 * {@link #async()} gives the same commands returning a {@link io.wasmjava.core.Promise}, completed by that callback.
 */
public final class RedisClient {
    private final PluginContext plugin;
    private final Cluster cluster;
    private final AsyncRedisClient async;
    private String username;
    private String password;
    private int timeoutMillis;
    private RedisOptions options;
    private boolean initCalled;
    private boolean ready;

    private RedisClient(PluginContext plugin, Cluster cluster) {
        this.plugin = plugin;
        this.cluster = cluster;
        this.async = new AsyncRedisClient(this);
    }

    /** @throws IllegalArgumentException if an argument is null */
    public static RedisClient create(PluginContext plugin, Cluster cluster) {
        if (plugin == null || cluster == null) {
            throw new IllegalArgumentException("plugin and cluster must not be null");
        }
        return new RedisClient(plugin, cluster);
    }

    public Cluster cluster() {
        return cluster;
    }

    /**
     * The same commands returning a {@link io.wasmjava.core.Promise} of the reply instead of taking a callback; they
     * share this client's initialisation and state. Always the same instance.
     */
    public AsyncRedisClient async() {
        return async;
    }

    PluginContext plugin() {
        return plugin;
    }

    /** The name commands are sent to (the cluster name, without init options). */
    public String clusterName() {
        return cluster.clusterName(ClusterContext.NONE);
    }

    /** The cluster string passed to {@code proxy_redis_init}: the cluster name plus the options' query. */
    public String initClusterName() {
        return clusterName() + "?" + (options == null ? RedisOptions.defaults() : options).initQuery();
    }

    /** {@link #init(String, String, int, RedisOptions)} with default options. */
    public void init(String username, String password, int timeoutMillis) throws RedisCallException {
        init(username, password, timeoutMillis, RedisOptions.defaults());
    }

    /**
     * Connects the host to the cluster with credentials (null or empty for none) and a timeout. Credentials are
     * passed to the host as they are, never logged.
     *
     * @throws RedisCallException ({@code INIT_FAILED}) if the host refused; commands will retry init lazily
     */
    public void init(String username, String password, int timeoutMillis, RedisOptions options)
            throws RedisCallException {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive but was " + timeoutMillis);
        }
        this.username = username == null ? "" : username;
        this.password = password == null ? "" : password;
        this.timeoutMillis = timeoutMillis;
        this.options = options;
        this.initCalled = true;
        connect();
    }

    /** True after a successful init (until a NOAUTH reply). */
    public boolean isReady() {
        return ready;
    }

    private void connect() throws RedisCallException {
        ready = false;
        try {
            plugin.callouts().redisInit(initClusterName(), username, password, timeoutMillis);
            ready = true;
        } catch (HostStatusException e) {
            throw new RedisCallException(RedisCallException.Kind.INIT_FAILED,
                    "redis init for cluster " + clusterName() + " failed: " + e.getMessage(), e.code(), e);
        }
    }

    /** Sends any command; {@code arguments} start with the command name. */
    public void command(List<?> arguments, RedisCallback callback) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        send(RespEncoder.encodeCommand(arguments), callback, true);
    }

    /** Sends any command; {@code arguments} start with the command name. */
    public void command(RedisCallback callback, Object... arguments) {
        command(Arrays.asList(arguments), callback);
    }

    /**
     * Sends a command that is already RESP-encoded, for example by {@link RespEncoder#encodeCommand(Object...)}: a
     * plugin that sends the same command on every request can encode it once. The bytes must be exactly one command
     * (an array of bulk strings); they are not checked, and Redis answers malformed ones with an error or by closing
     * the connection. The array is not modified and not kept after the host has copied it, so it may be reused.
     * Outcomes are those of {@link #command(List, RedisCallback)}.
     *
     * @throws IllegalArgumentException if {@code encodedCommand} is empty
     */
    public void encodedCommand(byte[] encodedCommand, RedisCallback callback) {
        if (encodedCommand.length == 0) {
            throw new IllegalArgumentException("an encoded command cannot be empty");
        }
        send(encodedCommand, callback, true);
    }

    private void send(byte[] query, RedisCallback callback, boolean mayRetryAuth) {
        if (!initCalled) {
            callback.onFailure(new RedisCallException(RedisCallException.Kind.NOT_INITIALIZED,
                    "redis client is not ready, please call init() first", 0));
            return;
        }
        if (!ready) {
            try {
                connect();
            } catch (RedisCallException e) {
                callback.onFailure(e);
                return;
            }
        }
        try {
            plugin.callouts().dispatchRedisCall(clusterName(), query, new Callouts.RedisCallHandler() {
                @Override
                public void onRedisCallResponse(int status, byte[] reply) {
                    deliver(query, status, reply, callback, mayRetryAuth);
                }

                @Override
                public void onRedisCallTooLarge(PayloadTooLargeException tooLarge) {
                    callback.onFailure(new RedisCallException(RedisCallException.Kind.REPLY_TOO_LARGE,
                            "redis call to cluster " + clusterName() + ": " + tooLarge.getMessage(), 0, tooLarge));
                }
            });
        } catch (HostStatusException e) {
            callback.onFailure(new RedisCallException(RedisCallException.Kind.DISPATCH_REFUSED,
                    "redis call to cluster " + clusterName() + " refused: " + e.getMessage(), e.code(), e));
        }
    }

    private void deliver(byte[] query, int status, byte[] reply, RedisCallback callback, boolean mayRetryAuth) {
        if (status != 0) {
            callback.onFailure(new RedisCallException(RedisCallException.Kind.CALL_FAILED,
                    "redis call to cluster " + clusterName() + " failed with host status " + status, status));
            return;
        }
        if (reply.length == 0) {
            callback.onFailure(new RedisProtocolException("empty reply from host"));
            return;
        }
        RespValue value;
        try {
            value = RespDecoder.decodeOne(reply);
        } catch (RespProtocolException e) {
            callback.onFailure(new RedisProtocolException("malformed reply: " + e.getMessage(), e));
            return;
        }
        if (value.isError()) {
            String message = value.errorMessage();
            if (mayRetryAuth && (message.contains("NOAUTH") || message.contains("unauthenticated"))) {
                // The connection lost its AUTH (Higress issue #2000): re-init once and resend the same command.
                try {
                    connect();
                } catch (RedisCallException e) {
                    // As in Higress: if re-init fails, the caller sees the original NOAUTH reply.
                    callback.onFailure(new RedisReplyException(message, value.errorPrefix()));
                    return;
                }
                send(query, callback, false);
                return;
            }
            callback.onFailure(new RedisReplyException(message, value.errorPrefix()));
            return;
        }
        callback.onReply(value);
    }

    // ---- keys ----

    /** {@code DEL key}: integer reply, number of keys removed. */
    public void del(String key, RedisCallback callback) {
        command(callback, "del", key);
    }

    /** {@code EXISTS key}: integer reply 1 or 0. */
    public void exists(String key, RedisCallback callback) {
        command(callback, "exists", key);
    }

    /** {@code EXPIRE key seconds}: integer reply 1 if set. */
    public void expire(String key, long ttlSeconds, RedisCallback callback) {
        command(callback, "expire", key, ttlSeconds);
    }

    /** {@code PERSIST key}. */
    public void persist(String key, RedisCallback callback) {
        command(callback, "persist", key);
    }

    // ---- strings ----

    /** {@code GET key}: bulk reply, null bulk if absent. */
    public void get(String key, RedisCallback callback) {
        command(callback, "get", key);
    }

    /** {@code SET key value}. */
    public void set(String key, Object value, RedisCallback callback) {
        command(callback, "set", key, value);
    }

    /** {@code SET key value EX ttl}. */
    public void setex(String key, Object value, long ttlSeconds, RedisCallback callback) {
        command(callback, "set", key, value, "ex", ttlSeconds);
    }

    /** {@code SET key value NX}, plus {@code EX ttl} when {@code ttlSeconds > 0}. */
    public void setnx(String key, Object value, long ttlSeconds, RedisCallback callback) {
        if (ttlSeconds > 0) {
            command(callback, "set", key, value, "nx", "ex", ttlSeconds);
        } else {
            command(callback, "set", key, value, "nx");
        }
    }

    /** {@code MGET key...}: array reply. */
    public void mget(List<String> keys, RedisCallback callback) {
        command(prefixed(keys, "mget"), callback);
    }

    /** {@code MSET key value ...} in the map's iteration order. */
    public void mset(Map<String, ?> values, RedisCallback callback) {
        List<Object> arguments = new ArrayList<>();
        arguments.add("mset");
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            arguments.add(entry.getKey());
            arguments.add(entry.getValue());
        }
        command(arguments, callback);
    }

    /** {@code INCR key}: integer reply, the new value. */
    public void incr(String key, RedisCallback callback) {
        command(callback, "incr", key);
    }

    /** {@code DECR key}. */
    public void decr(String key, RedisCallback callback) {
        command(callback, "decr", key);
    }

    /** {@code INCRBY key delta}. */
    public void incrby(String key, long delta, RedisCallback callback) {
        command(callback, "incrby", key, delta);
    }

    /** {@code DECRBY key delta}. */
    public void decrby(String key, long delta, RedisCallback callback) {
        command(callback, "decrby", key, delta);
    }

    // ---- lists ----

    public void llen(String key, RedisCallback callback) {
        command(callback, "llen", key);
    }

    public void rpush(String key, List<?> values, RedisCallback callback) {
        command(keyed("rpush", key, values), callback);
    }

    public void lpush(String key, List<?> values, RedisCallback callback) {
        command(keyed("lpush", key, values), callback);
    }

    public void rpop(String key, RedisCallback callback) {
        command(callback, "rpop", key);
    }

    public void lpop(String key, RedisCallback callback) {
        command(callback, "lpop", key);
    }

    public void lindex(String key, long index, RedisCallback callback) {
        command(callback, "lindex", key, index);
    }

    public void lrange(String key, long start, long stop, RedisCallback callback) {
        command(callback, "lrange", key, start, stop);
    }

    public void lrem(String key, long count, Object value, RedisCallback callback) {
        command(callback, "lrem", key, count, value);
    }

    public void linsertBefore(String key, Object pivot, Object value, RedisCallback callback) {
        command(callback, "linsert", key, "before", pivot, value);
    }

    public void linsertAfter(String key, Object pivot, Object value, RedisCallback callback) {
        command(callback, "linsert", key, "after", pivot, value);
    }

    // ---- hashes ----

    public void hexists(String key, String field, RedisCallback callback) {
        command(callback, "hexists", key, field);
    }

    public void hdel(String key, List<String> fields, RedisCallback callback) {
        command(keyed("hdel", key, fields), callback);
    }

    public void hlen(String key, RedisCallback callback) {
        command(callback, "hlen", key);
    }

    public void hget(String key, String field, RedisCallback callback) {
        command(callback, "hget", key, field);
    }

    public void hset(String key, String field, Object value, RedisCallback callback) {
        command(callback, "hset", key, field, value);
    }

    public void hmget(String key, List<String> fields, RedisCallback callback) {
        command(keyed("hmget", key, fields), callback);
    }

    public void hmset(String key, Map<String, ?> fields, RedisCallback callback) {
        List<Object> arguments = new ArrayList<>();
        arguments.add("hmset");
        arguments.add(key);
        for (Map.Entry<String, ?> entry : fields.entrySet()) {
            arguments.add(entry.getKey());
            arguments.add(entry.getValue());
        }
        command(arguments, callback);
    }

    public void hkeys(String key, RedisCallback callback) {
        command(callback, "hkeys", key);
    }

    public void hvals(String key, RedisCallback callback) {
        command(callback, "hvals", key);
    }

    public void hgetall(String key, RedisCallback callback) {
        command(callback, "hgetall", key);
    }

    public void hincrby(String key, String field, long delta, RedisCallback callback) {
        command(callback, "hincrby", key, field, delta);
    }

    public void hincrbyfloat(String key, String field, double delta, RedisCallback callback) {
        command(callback, "hincrbyfloat", key, field, delta);
    }

    // ---- sets ----

    public void scard(String key, RedisCallback callback) {
        command(callback, "scard", key);
    }

    public void sadd(String key, List<?> members, RedisCallback callback) {
        command(keyed("sadd", key, members), callback);
    }

    public void srem(String key, List<?> members, RedisCallback callback) {
        command(keyed("srem", key, members), callback);
    }

    public void sismember(String key, Object member, RedisCallback callback) {
        command(callback, "sismember", key, member);
    }

    public void smembers(String key, RedisCallback callback) {
        command(callback, "smembers", key);
    }

    public void sdiff(String key1, String key2, RedisCallback callback) {
        command(callback, "sdiff", key1, key2);
    }

    public void sdiffstore(String destination, String key1, String key2, RedisCallback callback) {
        command(callback, "sdiffstore", destination, key1, key2);
    }

    public void sinter(String key1, String key2, RedisCallback callback) {
        command(callback, "sinter", key1, key2);
    }

    public void sinterstore(String destination, String key1, String key2, RedisCallback callback) {
        command(callback, "sinterstore", destination, key1, key2);
    }

    public void sunion(String key1, String key2, RedisCallback callback) {
        command(callback, "sunion", key1, key2);
    }

    public void sunionstore(String destination, String key1, String key2, RedisCallback callback) {
        command(callback, "sunionstore", destination, key1, key2);
    }

    // ---- sorted sets ----

    public void zcard(String key, RedisCallback callback) {
        command(callback, "zcard", key);
    }

    /** {@code ZADD key score member ...} (score first, as on the wire) in the map's iteration order. */
    public void zadd(String key, Map<String, ? extends Number> membersAndScores, RedisCallback callback) {
        List<Object> arguments = new ArrayList<>();
        arguments.add("zadd");
        arguments.add(key);
        for (Map.Entry<String, ? extends Number> entry : membersAndScores.entrySet()) {
            arguments.add(entry.getValue());
            arguments.add(entry.getKey());
        }
        command(arguments, callback);
    }

    public void zcount(String key, Object min, Object max, RedisCallback callback) {
        command(callback, "zcount", key, min, max);
    }

    /** {@code ZINCRBY key delta member}. */
    public void zincrby(String key, String member, double delta, RedisCallback callback) {
        command(callback, "zincrby", key, delta, member);
    }

    public void zscore(String key, String member, RedisCallback callback) {
        command(callback, "zscore", key, member);
    }

    public void zrank(String key, String member, RedisCallback callback) {
        command(callback, "zrank", key, member);
    }

    public void zrevrank(String key, String member, RedisCallback callback) {
        command(callback, "zrevrank", key, member);
    }

    public void zrem(String key, List<String> members, RedisCallback callback) {
        command(keyed("zrem", key, members), callback);
    }

    public void zrange(String key, long start, long stop, RedisCallback callback) {
        command(callback, "zrange", key, start, stop);
    }

    public void zrevrange(String key, long start, long stop, RedisCallback callback) {
        command(callback, "zrevrange", key, start, stop);
    }

    // ---- scripting ----

    /** {@code EVAL script numkeys key... arg...}. */
    public void eval(String script, List<String> keys, List<?> args, RedisCallback callback) {
        command(script("eval", script, keys, args), callback);
    }

    /**
     * {@code EVALSHA sha1 numkeys key... arg...}; a server without the script fails with a
     * {@link RedisReplyException} whose {@link RedisReplyException#isNoScript()} is true.
     */
    public void evalsha(String sha1, List<String> keys, List<?> args, RedisCallback callback) {
        command(script("evalsha", sha1, keys, args), callback);
    }

    /** {@code SCRIPT LOAD script}: bulk reply, the script's SHA-1. */
    public void scriptLoad(String script, RedisCallback callback) {
        command(callback, "script", "load", script);
    }

    private static List<Object> script(String command, String script, List<String> keys, List<?> args) {
        List<Object> arguments = new ArrayList<>(3 + keys.size() + args.size());
        arguments.add(command);
        arguments.add(script);
        arguments.add(keys.size());
        arguments.addAll(keys);
        arguments.addAll(args);
        return arguments;
    }

    private static List<Object> keyed(String command, String key, List<?> values) {
        List<Object> arguments = new ArrayList<>(2 + values.size());
        arguments.add(command);
        arguments.add(key);
        arguments.addAll(values);
        return arguments;
    }

    private static List<Object> prefixed(List<?> values, String command) {
        List<Object> arguments = new ArrayList<>(1 + values.size());
        arguments.add(command);
        arguments.addAll(values);
        return arguments;
    }

    @Override
    public String toString() {
        return "RedisClient{" + clusterName() + ", ready=" + ready + "}";
    }
}
