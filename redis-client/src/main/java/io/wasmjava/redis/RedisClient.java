package io.wasmjava.redis;

import io.wasmjava.cluster.Cluster;
import io.wasmjava.cluster.ClusterContext;
import io.wasmjava.core.Callouts;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Log;
import io.wasmjava.core.PayloadTooLargeException;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.Promise;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.redis.resp.RespDecoder;
import io.wasmjava.redis.resp.RespProtocolException;
import io.wasmjava.redis.resp.RespValue;

/**
 * Redis commands through Higress's host functions, bound to one cluster. Create it in the config parser, call
 * {@link #init} there, then send commands from any phase. Command names go on the wire in lower case, arguments as
 * bulk strings (numbers in decimal, doubles like Go's {@code %v}, byte arrays verbatim).
 *
 * <p>Readiness follows Higress: a command before {@link #init} fails with {@code NOT_INITIALIZED}; after a failed
 * init, each command first retries init and fails with {@code INIT_FAILED} if that fails again. A reply of
 * {@code NOAUTH} (or Redis 6's {@code unauthenticated}) re-runs init and retries the command once.
 *
 * <p>Commands are {@link RedisCommand} values, each defined once; this client sends any of them with two faces of
 * one implementation: {@link #send} takes a {@link RedisCallback}, {@link #call} returns a {@link Promise}, and both
 * get the same outcome. Scripts go through {@link RedisScript}, which sends {@code EVALSHA} with an {@code EVAL}
 * fallback.
 *
 * <pre>{@code
 * redis.call(RedisCommand.get("quota:" + token))
 *     .map(reply -> reply.isNull() ? 0 : Long.parseLong(reply.asString()))
 *     .onSuccess(quota -> http.addRequestHeader("x-quota", Long.toString(quota)))
 *     .resumeOrReject(http, 503, "quota lookup failed");
 * }</pre>
 */
public final class RedisClient {
    private final PluginContext plugin;
    private final Cluster cluster;
    private String username;
    private String password;
    private int timeoutMillis;
    private RedisOptions options;
    private boolean initCalled;
    private boolean ready;
    /** Set by {@link RedisScript} once this client's service is known to lack {@code EVALSHA}. */
    private boolean evalshaUnavailable;
    /** {@link #clusterName()}, once resolved. */
    private String clusterName;

    private RedisClient(PluginContext plugin, Cluster cluster) {
        this.plugin = plugin;
        this.cluster = cluster;
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

    PluginContext plugin() {
        return plugin;
    }

    /** The name commands are sent to (the cluster name, without init options). */
    public String clusterName() {
        // Resolved without a request, so it cannot change: kept, rather than built again for every command (the
        // descriptors derive it on each call), and the one String lets the host binding reuse its encoded bytes.
        String name = clusterName;
        if (name == null) {
            name = cluster.clusterName(ClusterContext.NONE);
            clusterName = name;
        }
        return name;
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

    /**
     * Sends {@code command}; {@code callback} gets exactly one outcome, at most once, or none if the calling request
     * ends first ({@link RedisCallback}). Failures that happen before anything is sent (not initialized, init failed,
     * dispatch refused) reach {@code callback} before this method returns.
     */
    public void send(RedisCommand command, RedisCallback callback) {
        dispatch(command, new CallbackOutcome(callback));
    }

    /**
     * {@link #send} as a {@link Promise}. It succeeds with the server's reply, never an error reply (it may be a null
     * bulk or null array), or fails with the {@link RedisException} {@link RedisCallback#onFailure} would get: a
     * {@link RedisReplyException} for an error reply, a {@link RedisCallException} when the host could not carry the
     * command ({@link RedisCallException#kind()} says why), a {@link RedisProtocolException} for bad bytes. A failure
     * before anything is sent gives a promise that has already failed when this method returns. The promise is bound
     * to the request being handled: if that request ends before the reply arrives, nothing completes it and its
     * stages never run.
     */
    public Promise<RespValue> call(RedisCommand command) {
        return Promise.create(plugin, completer -> dispatch(command, completer));
    }

    /** Sends {@code command}; {@code outcome} gets one {@link RedisException} or reply, as for {@link #send}. */
    void dispatch(RedisCommand command, Promise.Completer<RespValue> outcome) {
        send(command.encodedNoCopy(), outcome, true);
    }

    /**
     * The callback face over the one implementation, which completes a {@link Promise.Completer}: a command's
     * outcome is delivered once, and every failure this class reports is a {@link RedisException}.
     */
    static final class CallbackOutcome implements Promise.Completer<RespValue> {
        private final RedisCallback callback;

        CallbackOutcome(RedisCallback callback) {
            this.callback = callback;
        }

        @Override
        public boolean succeed(RespValue reply) {
            callback.onReply(reply);
            return true;
        }

        @Override
        public boolean fail(Throwable failure) {
            callback.onFailure((RedisException) failure);
            return true;
        }
    }

    /** True while {@link RedisScript}s send {@code EVALSHA} first to this client's service. */
    boolean evalshaAvailable() {
        return !evalshaUnavailable;
    }

    /** Records that this client's service lacks {@code EVALSHA}; true the first time, so the caller logs it once. */
    boolean markEvalshaUnavailable() {
        boolean changed = !evalshaUnavailable;
        evalshaUnavailable = true;
        return changed;
    }

    /** The log of the request being handled, else the plugin's. */
    Log log() {
        HttpContext http = plugin.callouts().currentRequest();
        return http != null ? http.log() : plugin.log();
    }

    private void send(byte[] query, Promise.Completer<RespValue> outcome, boolean mayRetryAuth) {
        if (!initCalled) {
            outcome.fail(new RedisCallException(RedisCallException.Kind.NOT_INITIALIZED,
                    "redis client is not ready, please call init() first", 0));
            return;
        }
        if (!ready) {
            try {
                connect();
            } catch (RedisCallException e) {
                outcome.fail(e);
                return;
            }
        }
        try {
            plugin.callouts().dispatchRedisCall(clusterName(), query, new Callouts.RedisCallHandler() {
                @Override
                public void onRedisCallResponse(int status, byte[] reply) {
                    deliver(query, status, reply, outcome, mayRetryAuth);
                }

                @Override
                public void onRedisCallTooLarge(PayloadTooLargeException tooLarge) {
                    outcome.fail(new RedisCallException(RedisCallException.Kind.REPLY_TOO_LARGE,
                            "redis call to cluster " + clusterName() + ": " + tooLarge.getMessage(), 0, tooLarge));
                }
            });
        } catch (HostStatusException e) {
            outcome.fail(new RedisCallException(RedisCallException.Kind.DISPATCH_REFUSED,
                    "redis call to cluster " + clusterName() + " refused: " + e.getMessage(), e.code(), e));
        }
    }

    private void deliver(byte[] query, int status, byte[] reply, Promise.Completer<RespValue> outcome,
            boolean mayRetryAuth) {
        if (status != 0) {
            outcome.fail(new RedisCallException(RedisCallException.Kind.CALL_FAILED,
                    "redis call to cluster " + clusterName() + " failed with host status " + status, status));
            return;
        }
        if (reply.length == 0) {
            outcome.fail(new RedisProtocolException("empty reply from host"));
            return;
        }
        RespValue value;
        try {
            value = RespDecoder.decodeOne(reply);
        } catch (RespProtocolException e) {
            outcome.fail(new RedisProtocolException("malformed reply: " + e.getMessage(), e));
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
                    outcome.fail(new RedisReplyException(message, value.errorPrefix()));
                    return;
                }
                send(query, outcome, false);
                return;
            }
            outcome.fail(new RedisReplyException(message, value.errorPrefix()));
            return;
        }
        outcome.succeed(value);
    }

    @Override
    public String toString() {
        return "RedisClient{" + clusterName() + ", ready=" + ready + "}";
    }
}
