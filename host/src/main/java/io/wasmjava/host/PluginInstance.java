package io.wasmjava.host;

import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.host.PluginEngine.Export;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Drives one plugin instance the way Envoy would, with the caller as the event loop: it sends request and response
 * phases ({@link HttpStream}), reads what the plugin did, and answers the plugin's HTTP and Redis calls itself, in
 * any order. The engine ({@link JvmEngine#factory} or {@link WasmEngine#factory}) runs the plugin; the
 * {@link HostEmulator} answers its host calls. Tests use it through the test kit's {@code PluginHarness}; the
 * devserver drives one per plugin and worker, with the callouts going to real services.
 *
 * <p>Nothing blocks: every method runs the callbacks it causes to completion and returns. Unanswered callouts simply
 * stay in {@link #pendingHttpCalls()}. With a {@linkplain HostEmulator#setRedisBridge Redis bridge}, Redis calls can
 * be answered by a real server, still only when the caller says so ({@link #flushRedis()}). Host-side problems (a
 * host call the host does not model, a bad pointer from the module) make the method that triggered them throw
 * {@link HostProblemException}, unless {@link HostOptions#problemSink} takes them; a trap in the module throws
 * {@link WasmTrapException}. Not thread-safe.
 */
public class PluginInstance implements AutoCloseable {
    /** How many calls {@link #flushRedis()} forwards before it suspects a loop. */
    public static final int MAX_FLUSHED_CALLS = 10_000;

    private final HostEmulator host;
    private final PluginEngine engine;
    private final byte[] configuration;
    private final List<HttpStream> streams = new ArrayList<>();
    private boolean started;
    private boolean closed;

    /**
     * Creates the plugin instance on {@code engine} over {@code host} (for a Wasm module: instantiates it and runs
     * {@code _start}). Call {@link #start()} next.
     *
     * @param configuration the plugin configuration {@link #start()} passes to {@code proxy_on_configure}
     * @throws IllegalStateException if the engine cannot create the instance
     */
    public PluginInstance(PluginEngine.Factory engine, HostEmulator host, byte[] configuration) {
        this.host = Objects.requireNonNull(host, "host");
        this.configuration = configuration.clone();
        this.engine = Objects.requireNonNull(engine.create(host), "the engine factory returned null");
        host.measureVmMemory(this.engine::memoryBytes);
    }

    /**
     * Starts the plugin as Envoy does: creates root context {@value HostEmulator#ROOT_CONTEXT_ID}, then calls
     * {@code proxy_on_vm_start} and {@code proxy_on_configure} with the builder's configuration.
     *
     * @return false if the VM start or the configuration failed; a failed configure is a normal outcome to assert on
     *     (see {@link #logs(LogLevel)} for the reason)
     * @throws IllegalStateException if already started or closed
     */
    public boolean start() {
        checkOpen();
        if (started) {
            throw new IllegalStateException("start() was already called");
        }
        started = true;
        host.createRootContext();
        callback(HostEmulator.ROOT_CONTEXT_ID, Export.CONTEXT_CREATE, HostEmulator.ROOT_CONTEXT_ID, 0);
        int vmStarted = callback(HostEmulator.ROOT_CONTEXT_ID, Export.VM_START, HostEmulator.ROOT_CONTEXT_ID,
                host.vmConfigurationSize());
        if (vmStarted == 0) {
            return false;
        }
        return configure(configuration);
    }

    /**
     * Reconfigures the running plugin ({@code proxy_on_configure} again), as Envoy does when the plugin's
     * configuration changes.
     *
     * @return whether the plugin accepted the configuration
     * @throws IllegalStateException if not started or closed
     */
    public boolean configure(String configurationJson) {
        checkStarted();
        return configure(configurationJson.getBytes(StandardCharsets.UTF_8));
    }

    private boolean configure(byte[] bytes) {
        host.setPluginConfiguration(bytes);
        host.setConfiguring(true);
        try {
            return callback(HostEmulator.ROOT_CONTEXT_ID, Export.CONFIGURE, HostEmulator.ROOT_CONTEXT_ID,
                    bytes.length) != 0;
        } finally {
            host.setConfiguring(false);
        }
    }

    /**
     * Opens a new HTTP stream (a proxy-wasm context under the root context). Set per-stream properties on it before
     * sending request headers.
     *
     * @throws IllegalStateException if not started or closed
     */
    public HttpStream newStream() {
        checkStarted();
        int id = host.createStream();
        HttpStream stream = new HttpStream(this, id);
        if (host.retainsHistory()) {
            streams.add(stream);
        }
        callback(id, Export.CONTEXT_CREATE, id, HostEmulator.ROOT_CONTEXT_ID);
        return stream;
    }

    /** Every stream opened so far, in order. */
    public List<HttpStream> streams() {
        return List.copyOf(streams);
    }

    /** The HTTP calls the plugin dispatched that are not answered yet, in dispatch order. */
    public List<PendingHttpCall> pendingHttpCalls() {
        List<PendingHttpCall> calls = new ArrayList<>();
        for (HttpCallout callout : host.pendingHttpCalls()) {
            calls.add(new PendingHttpCall(this, callout));
        }
        return calls;
    }

    /** The pending HTTP call with {@code token}, or null if there is none (never made, or already answered). */
    public PendingHttpCall pendingHttpCall(int token) {
        HttpCallout callout = host.httpCallouts.table.pending(token);
        return callout == null ? null : new PendingHttpCall(this, callout);
    }

    /** The pending Redis call with {@code token}, or null if there is none (never made, or already answered). */
    public PendingRedisCall pendingRedisCall(int token) {
        RedisCallout callout = host.redisCalls.table.pending(token);
        return callout == null ? null : new PendingRedisCall(this, callout);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** The Redis calls the plugin dispatched that are not answered yet, in dispatch order. */
    public List<PendingRedisCall> pendingRedisCalls() {
        List<PendingRedisCall> calls = new ArrayList<>();
        for (RedisCallout callout : host.pendingRedisCalls()) {
            calls.add(new PendingRedisCall(this, callout));
        }
        return calls;
    }

    /** Every {@code proxy_redis_init} call, in order. */
    public List<RedisInit> redisInits() {
        return host.redisInits();
    }

    /**
     * Forwards the pending Redis calls to the clusters the {@linkplain HostEmulator#setRedisBridge Redis bridge} routes, one
     * by one in dispatch order, delivering each reply before sending the next; calls the plugin makes meanwhile
     * (a retry, a follow-up command) are forwarded too, until none is left. Calls to clusters the bridge does not
     * route stay pending for the test.
     *
     * @return how many calls were forwarded
     * @throws IllegalStateException if no bridge is set, the plugin never initialised a routed cluster it calls, or
     *     the plugin keeps making calls (more than {@value #MAX_FLUSHED_CALLS})
     */
    public int flushRedis() {
        checkOpen();
        RedisBridge bridge = host.redisBridge();
        if (bridge == null) {
            throw new IllegalStateException("no Redis bridge: set one with HostEmulator.setRedisBridge");
        }
        int forwarded = 0;
        RedisCallout next;
        while ((next = firstBridged(bridge)) != null) {
            if (forwarded == MAX_FLUSHED_CALLS) {
                throw new IllegalStateException("the plugin is still making Redis calls after " + MAX_FLUSHED_CALLS
                        + " were forwarded; next: " + next);
            }
            forwardRedisCall(next);
            forwarded++;
        }
        return forwarded;
    }

    private RedisCallout firstBridged(RedisBridge bridge) {
        for (RedisCallout call : host.pendingRedisCalls()) {
            if (bridge.handles(call.cluster())) {
                return call;
            }
        }
        return null;
    }

    /**
     * Calls {@code proxy_on_tick} once if the plugin set a tick period; the clock does not move (see
     * {@link #advanceTime}).
     *
     * @return whether a tick was delivered
     */
    public boolean tick() {
        checkStarted();
        if (host.tickPeriodMillis() <= 0) {
            return false;
        }
        callback(HostEmulator.ROOT_CONTEXT_ID, Export.TICK, HostEmulator.ROOT_CONTEXT_ID);
        return true;
    }

    /**
     * Delivers the {@code proxy_on_queue_ready} notifications posted to this plugin's queues, by its own enqueues or
     * by another VM's sharing the {@link SharedQueueStore} (Envoy delivers them asynchronously, after the callback
     * that enqueued), in order, including any posted meanwhile. Call it on the thread that drives this instance.
     *
     * @return how many were delivered
     */
    public int deliverQueueReady() {
        checkStarted();
        int delivered = 0;
        for (List<Integer> ready = host.takeQueueReady(); !ready.isEmpty(); ready = host.takeQueueReady()) {
            for (int queueId : ready) {
                callback(HostEmulator.ROOT_CONTEXT_ID, Export.QUEUE_READY, HostEmulator.ROOT_CONTEXT_ID, queueId);
                delivered++;
            }
        }
        return delivered;
    }

    /** The tick period the plugin asked for with {@code proxy_set_tick_period_milliseconds}; 0 if none. */
    public int tickPeriodMillis() {
        return host.tickPeriodMillis();
    }

    /**
     * Moves the host clock forward; nothing else happens (no ticks, no timeouts).
     *
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public void advanceTime(long millis) {
        host.advanceTime(millis);
    }

    /** The host clock. */
    public Instant now() {
        return host.now();
    }

    /** Every logged message, raw (with the plugin's own prefix), in order. */
    public List<String> logs() {
        List<String> messages = new ArrayList<>();
        for (LogRecord record : host.logs()) {
            messages.add(record.message());
        }
        return messages;
    }

    /** The raw messages logged at exactly {@code level}, in order. */
    public List<String> logs(LogLevel level) {
        List<String> messages = new ArrayList<>();
        for (LogRecord record : host.logs()) {
            if (record.level() == level) {
                messages.add(record.message());
            }
        }
        return messages;
    }

    /** Every log record (level and message), in order. */
    public List<LogRecord> logRecords() {
        return host.logs();
    }

    /** Sets (or with null, removes) a host-wide property; streams see it unless they have their own value. */
    public void property(String name, String value) {
        host.setHostProperty(List.of(name), value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Sets (or with null, removes) a host-wide property at a multi-segment path such as {@code [request, path]}. */
    public void property(List<String> path, byte[] value) {
        host.setHostProperty(path, value);
    }

    /** Sets the level {@code proxy_get_log_level} reports; messages below it are dropped. */
    public void logLevel(LogLevel level) {
        host.setLogLevel(level);
    }

    /**
     * Every metric's value now, by the name the plugin defined (as the gateway's {@code /stats} shows them, without
     * the {@code wasmcustom.} prefix), summed over every VM sharing this host's {@link MetricStore}.
     */
    public MetricSnapshot metrics() {
        return host.metrics();
    }

    /** The emulated host, for state the harness has no shortcut for (shared data, problems, ...). */
    public HostEmulator host() {
        return host;
    }

    /** The engine running the plugin. */
    public PluginEngine engine() {
        return engine;
    }

    /** Releases the plugin instance. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                engine.close();
            } finally {
                host.closeRedisConnections();
            }
        }
    }

    // ---- package-private plumbing for streams and callouts ----

    /**
     * Runs one callback into the plugin, {@code export} with {@code args}, with {@code contextId} effective; returns
     * its result, then fails if the host recorded new problems during it.
     */
    int callback(int contextId, Export export, int... args) {
        checkOpen();
        int problemsBefore = host.problemCount();
        int result;
        host.enterCallback(contextId);
        try {
            result = engine.call(export, args);
        } finally {
            host.exitCallback();
        }
        if (host.problemCount() > problemsBefore) {
            List<String> problems = host.problems();
            throw new HostProblemException("host-side problems while the plugin ran (context " + contextId + ")",
                    problems.subList(problemsBefore, problems.size()));
        }
        return result;
    }

    /**
     * Delivers {@code proxy_on_http_call_response} for {@code token} whether or not a call with that token is pending:
     * what a misbehaving host would do (an answer delivered twice, or for a token never issued). A plugin must ignore
     * it. For ordinary answers use {@link PendingHttpCall}.
     *
     * @throws IllegalStateException if a call with {@code token} is pending (answer it through its
     *     {@link PendingHttpCall} instead)
     */
    public void deliverStrayHttpCallResponse(int token, Headers headers, byte[] body) {
        checkStarted();
        if (host.httpCallouts.table.pending(token) != null) {
            throw new IllegalStateException("HTTP call " + token + " is pending: answer it with PendingHttpCall");
        }
        httpCallResponse(token, headers, body, Headers.empty());
    }

    /**
     * Delivers {@code proxy_on_redis_call_response} for {@code token} whether or not a call with that token is
     * pending (see {@link #deliverStrayHttpCallResponse}).
     *
     * @throws IllegalStateException if a call with {@code token} is pending
     */
    public void deliverStrayRedisCallResponse(int token, int status, byte[] reply) {
        checkStarted();
        if (host.redisCalls.table.pending(token) != null) {
            throw new IllegalStateException("Redis call " + token + " is pending: answer it with PendingRedisCall");
        }
        redisCallResponse(token, status, reply);
    }

    void deliverHttpCall(HttpCallout call, Headers headers, byte[] body, Headers trailers) {
        checkOpen();
        checkAnswered(host.httpCallouts.table.take(call.token()), call);
        httpCallResponse(call.token(), headers, body, trailers);
    }

    void deliverRedisCall(RedisCallout call, int status, byte[] reply) {
        checkOpen();
        checkAnswered(host.redisCalls.table.take(call.token()), call);
        redisCallResponse(call.token(), status, reply);
    }

    private static void checkAnswered(Callout taken, Callout call) {
        if (taken == null) {
            throw new IllegalStateException((call instanceof HttpCallout ? "HTTP call " : "Redis call ") + call.token()
                    + " to " + call.cluster() + " was already answered");
        }
    }

    /** {@code proxy_on_http_call_response} on the root context, with the response readable meanwhile. */
    private void httpCallResponse(int token, Headers headers, byte[] body, Headers trailers) {
        host.httpCallouts.begin(headers, body, trailers);
        try {
            callback(HostEmulator.ROOT_CONTEXT_ID, Export.HTTP_CALL_RESPONSE, HostEmulator.ROOT_CONTEXT_ID, token,
                    headers.size(), body.length, trailers.size());
        } finally {
            host.httpCallouts.end();
        }
    }

    /** {@code proxy_on_redis_call_response} on the root context, with the reply readable meanwhile. */
    private void redisCallResponse(int token, int status, byte[] reply) {
        host.redisCalls.begin(reply);
        try {
            callback(HostEmulator.ROOT_CONTEXT_ID, Export.REDIS_CALL_RESPONSE, HostEmulator.ROOT_CONTEXT_ID, token,
                    status, reply.length);
        } finally {
            host.redisCalls.end();
        }
    }

    void forwardRedisCall(RedisCallout call) {
        checkOpen();
        checkAnswered(host.redisCalls.table.pending(call.token()), call);
        byte[] reply = host.redisCalls.send(call);
        if (reply == null) {
            deliverRedisCall(call, RedisBridge.CALL_FAILED_STATUS, new byte[0]);
        } else {
            deliverRedisCall(call, 0, reply);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the harness is closed");
        }
    }

    private void checkStarted() {
        checkOpen();
        if (!started) {
            throw new IllegalStateException("call start() first");
        }
    }
}
