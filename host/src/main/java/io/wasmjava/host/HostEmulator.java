package io.wasmjava.host;

import io.wasmjava.core.Headers;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.core.host.LogLevel;
import io.wasmjava.core.host.MapType;
import io.wasmjava.core.host.MetricType;
import io.wasmjava.core.host.StreamType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The state of an emulated proxy-wasm host, modelled on Envoy's {@code source/extensions/common/wasm/context.cc} and
 * Higress's Redis extension, independent of how the plugin runs. Both engines sit on it: {@link FakeHost} calls it
 * with Java values (JVM mode), and the Wasm engine decodes the module's ABI calls into the same methods.
 *
 * <p>The host-call methods (the block that mirrors {@link Host}) report outcomes the way the ABI does: a lookup that
 * finds nothing returns null ({@code NOT_FOUND}); any other failure throws {@link HostStatusException} with the status
 * Envoy would return, named after the ABI function. Calls the test kit does not model are recorded as
 * {@linkplain #problems() problems} and fail with {@code UNIMPLEMENTED}; {@link PluginInstance} turns new problems
 * into a test failure after each callback.
 *
 * <p>What is modelled, and how:
 * <ul>
 *   <li>Context {@value #ROOT_CONTEXT_ID} is the plugin (root) context; streams get 2, 3, ... Host calls act on the
 *       <em>effective</em> context: the one whose callback is running, or the one set by
 *       {@code proxy_set_effective_context}.</li>
 *   <li>Header maps store lower-cased names, as Envoy does. As in Envoy's {@code Context}, a stream's header map is
 *       <em>live</em> (readable and writable by the plugin) from its callback until the callback returns a
 *       continuing status, or, after a stop status, until the plugin calls {@code proxy_continue_stream}. Outside
 *       that window reading the pairs gives an empty map, and reading one value or changing the map fails with
 *       {@code BAD_ARGUMENT}. In {@code proxy_on_log} the final request and response headers are readable again.
 *       The test always sees the final values.</li>
 *   <li>Bodies: a body callback sees the chunk, plus the earlier data if the previous body callback returned
 *       {@code STOP_ITERATION_AND_BUFFER}; the size passed to the callback is the whole buffer's, as in Envoy.
 *       {@code proxy_set_buffer_bytes} follows Envoy: start 0 drains {@code length} bytes and prepends the data; a
 *       start at or past the end appends; anything else is {@code BAD_ARGUMENT}.</li>
 *   <li>Properties: per-stream values (set by the test or the plugin) shadow host-wide ones. Defaults are those of
 *       Higress's Go test framework ({@link #DEFAULT_PROPERTIES}).</li>
 *   <li>HTTP callouts get tokens 4, 8, 12, ... ({@code ≡ 0 mod 4}); Redis callouts 7, 11, 15, ...
 *       ({@code id & 3 == 3}), as in proxy-wasm-cpp-host and Higress. An unknown cluster (when
 *       {@linkplain #setKnownClusters known clusters} are set) or an HTTP call without {@code :method}, {@code :path}
 *       or {@code :authority} is {@code BAD_ARGUMENT}, as in Envoy.</li>
 *   <li>Redis: calls wait for the test's answer; with a {@linkplain #setRedisBridge Redis bridge}, init connects to a
 *       real server and the test can forward calls to it (see {@link RedisBridge}).</li>
 *   <li>Shared data with compare-and-swap, metrics with Envoy's id scheme, foreign functions, ticks, a settable
 *       clock, {@code proxy_done} counts.</li>
 * </ul>
 *
 * <p>Not thread-safe: the test is the event loop, as Envoy's worker thread is for a Wasm VM.
 */
public final class HostEmulator {
    /** The id of the plugin (root) context. */
    public static final int ROOT_CONTEXT_ID = 1;

    /** Where the clock starts: 2024-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START_TIME = Instant.parse("2024-01-01T00:00:00Z");

    /** The host-wide properties every emulator starts with, as in Higress's {@code pkg/test}. */
    public static final Map<String, String> DEFAULT_PROPERTIES = defaultProperties();

    private static final byte[] EMPTY = new byte[0];

    private byte[] pluginConfiguration = EMPTY;
    private byte[] vmConfiguration = EMPTY;
    private final Map<List<String>, byte[]> properties = new HashMap<>();
    private final Map<List<String>, byte[]> rootProperties = new HashMap<>();
    private LogLevel logLevel = LogLevel.TRACE;
    private final List<LogRecord> logs = new ArrayList<>();
    private long nowNanos;
    private int tickPeriodMillis;
    private final Map<Integer, StreamState> streams = new LinkedHashMap<>();
    private int nextStreamId = ROOT_CONTEXT_ID + 1;
    private boolean rootCreated;
    private int callbackContextId;
    private int effectiveContextId;
    private boolean configuring;
    private boolean accessLogPhase;
    private final List<Integer> effectiveContextSwitches = new ArrayList<>();
    private final Map<Integer, HttpCallout> pendingHttpCalls = new LinkedHashMap<>();
    private final Map<Integer, RedisCallout> pendingRedisCalls = new LinkedHashMap<>();
    private int lastHttpToken;
    private int lastRedisToken = 3;
    private final List<RedisInit> redisInits = new ArrayList<>();
    private RedisBridge redisBridge;
    private final Map<String, RedisConnection> redisConnections = new LinkedHashMap<>();
    private final List<String> redisBridgeErrors = new ArrayList<>();
    private Set<String> knownClusters;
    private CallResponse httpCallResponse;
    private byte[] redisCallResponse;
    private final Map<String, SharedValue> sharedData = new HashMap<>();
    private int lastCas;
    private final Map<Integer, Metric> metricsById = new HashMap<>();
    private final Map<String, Metric> metricsByName = new LinkedHashMap<>();
    private int nextMetricSequence;
    private final Map<String, Function<byte[], byte[]>> foreignFunctions = new HashMap<>();
    private int doneCalls;
    private final Consumer<LogRecord> logSink;
    private final Consumer<String> problemSink;
    private final InstantSource clock;
    private final Predicate<String> clusterFilter;
    private final boolean retainHistory;
    private final CalloutListener calloutListener;
    private final List<String> problems = new ArrayList<>();

    /** An emulator for tests ({@link HostOptions#TEST}). */
    public HostEmulator() {
        this(HostOptions.TEST);
    }

    /**
     * An emulator serving as {@code options} say, at log level TRACE; the settable clock starts at
     * {@link #DEFAULT_START_TIME}.
     */
    public HostEmulator(HostOptions options) {
        this.logSink = options.logSink();
        this.problemSink = options.problemSink();
        this.clock = options.clock();
        this.clusterFilter = options.clusterFilter();
        this.retainHistory = options.retainHistory();
        this.calloutListener = options.calloutListener();
        if (options.testProperties()) {
            for (Map.Entry<String, String> entry : DEFAULT_PROPERTIES.entrySet()) {
                properties.put(List.of(entry.getKey()), utf8(entry.getValue()));
            }
        }
        nowNanos = DEFAULT_START_TIME.getEpochSecond() * 1_000_000_000L;
        // Higress's Go SDK asks for the level through this foreign function before every log call.
        foreignFunctions.put("get_log_level", argument -> littleEndianU32(logLevel.code()));
    }

    private static Map<String, String> defaultProperties() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("route_name", "test-route-default");
        defaults.put("cluster_name", "test-cluster-default");
        defaults.put("x_request_id", "test-request-id-default");
        return Collections.unmodifiableMap(defaults);
    }

    // ---- configuration (the test's side) ----

    /** Sets the bytes {@code proxy_on_configure} reads as the plugin configuration. */
    public void setPluginConfiguration(byte[] configuration) {
        this.pluginConfiguration = Objects.requireNonNull(configuration, "configuration").clone();
    }

    /** The plugin configuration; a copy. */
    public byte[] pluginConfiguration() {
        return pluginConfiguration.clone();
    }

    /** The size of the VM configuration, as {@code proxy_on_vm_start} receives it. */
    public int vmConfigurationSize() {
        return vmConfiguration.length;
    }

    /** Whether this host keeps the history only tests look at ({@link HostOptions#retainHistory}). */
    public boolean retainsHistory() {
        return retainHistory;
    }

    /** Sets the VM configuration ({@code proxy_on_vm_start}); empty by default. */
    public void setVmConfiguration(byte[] configuration) {
        this.vmConfiguration = Objects.requireNonNull(configuration, "configuration").clone();
    }

    /** Sets a host-wide property; null removes it. Streams see it unless they have their own value. */
    public void setHostProperty(List<String> path, byte[] value) {
        List<String> key = List.copyOf(path);
        if (value == null) {
            properties.remove(key);
        } else {
            properties.put(key, value.clone());
        }
    }

    /** A host-wide property, or null; a copy. */
    public byte[] hostProperty(List<String> path) {
        byte[] value = properties.get(path);
        return value == null ? null : value.clone();
    }

    /** The level {@code proxy_get_log_level} reports; messages below it are dropped. */
    public void setLogLevel(LogLevel level) {
        this.logLevel = Objects.requireNonNull(level, "level");
    }

    /** Registers (or replaces) a function for {@code proxy_call_foreign_function}. */
    public void registerForeignFunction(String name, Function<byte[], byte[]> function) {
        foreignFunctions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(function, "function"));
    }

    /**
     * Limits the clusters HTTP and Redis calls may use; calls to others fail with {@code BAD_ARGUMENT}, as Envoy
     * fails calls to clusters it does not know. Null (the default) accepts every cluster.
     */
    public void setKnownClusters(Collection<String> clusters) {
        this.knownClusters = clusters == null ? null : new LinkedHashSet<>(clusters);
    }

    /**
     * Sends Redis calls to real servers for the clusters {@code bridge} routes (see {@link RedisBridge}); null (the
     * default) leaves every Redis call to the test. Closes the connections of a bridge set before.
     */
    public void setRedisBridge(RedisBridge bridge) {
        closeRedisConnections();
        this.redisBridge = bridge;
    }

    /** The bridge set with {@link #setRedisBridge}, or null. */
    public RedisBridge redisBridge() {
        return redisBridge;
    }

    /** Sets the clock. */
    public void setTime(Instant instant) {
        checkSettableClock();
        this.nowNanos = instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /**
     * Moves the clock forward.
     *
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public void advanceTime(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("time only moves forward, but millis was " + millis);
        }
        checkSettableClock();
        nowNanos += millis * 1_000_000L;
    }

    /** The clock. */
    public Instant now() {
        if (clock != null) {
            return clock.instant();
        }
        return Instant.ofEpochSecond(Math.floorDiv(nowNanos, 1_000_000_000L), Math.floorMod(nowNanos, 1_000_000_000L));
    }

    // ---- contexts (the engine driver's side) ----

    /** Registers the root context; call before {@code proxy_on_context_create(1, 0)}. */
    public void createRootContext() {
        rootCreated = true;
    }

    /** Allocates the next stream id and registers the stream; call before {@code proxy_on_context_create}. */
    public int createStream() {
        int id = nextStreamId++;
        streams.put(id, new StreamState(id));
        return id;
    }

    /** Forgets a context after {@code proxy_on_delete}; its pending callouts stay answerable. */
    public void deleteContext(int contextId) {
        StreamState stream = streams.get(contextId);
        if (stream != null) {
            stream.deleted = true;
            if (!retainHistory) {
                streams.remove(contextId);
            }
        } else if (contextId == ROOT_CONTEXT_ID) {
            rootCreated = false;
        }
    }

    /** Marks the start of a callback into the plugin for {@code contextId}: it becomes the effective context. */
    public void enterCallback(int contextId) {
        callbackContextId = contextId;
        effectiveContextId = contextId;
    }

    /** Marks the end of a callback. */
    public void exitCallback() {
        callbackContextId = 0;
        effectiveContextId = 0;
    }

    /** Marks the start and end of {@code proxy_on_configure}: the plugin configuration is readable only in between. */
    public void setConfiguring(boolean configuring) {
        this.configuring = configuring;
    }

    /** The context host calls act on now; 0 outside callbacks. */
    public int effectiveContextId() {
        return effectiveContextId;
    }

    /** Every id the plugin passed to {@code proxy_set_effective_context}, in order. */
    public List<Integer> effectiveContextSwitches() {
        return List.copyOf(effectiveContextSwitches);
    }

    StreamState stream(int contextId) {
        StreamState stream = streams.get(contextId);
        if (stream == null) {
            throw new IllegalArgumentException("no stream with context id " + contextId);
        }
        return stream;
    }

    // ---- stream events (the engine driver's side) ----

    /**
     * Delivers request headers to a stream (names lower-cased): the map is live for the plugin until the callback
     * returns a continuing status or the plugin resumes the request. Returns the count to pass to the callback.
     */
    int receiveRequestHeaders(int contextId, Headers headers) {
        StreamState stream = stream(contextId);
        stream.requestHeaders = lowerCaseNames(headers);
        stream.requestHeadersLive = true;
        return stream.requestHeaders.size();
    }

    int receiveRequestTrailers(int contextId, Headers trailers) {
        StreamState stream = stream(contextId);
        stream.requestTrailers = lowerCaseNames(trailers);
        stream.requestTrailersLive = true;
        return stream.requestTrailers.size();
    }

    int receiveResponseHeaders(int contextId, Headers headers) {
        StreamState stream = stream(contextId);
        stream.responseHeaders = lowerCaseNames(headers);
        stream.responseHeadersLive = true;
        return stream.responseHeaders.size();
    }

    int receiveResponseTrailers(int contextId, Headers trailers) {
        StreamState stream = stream(contextId);
        stream.responseTrailers = lowerCaseNames(trailers);
        stream.responseTrailersLive = true;
        return stream.responseTrailers.size();
    }

    /**
     * Delivers a request body chunk. After a {@code STOP_ITERATION_AND_BUFFER} the chunk is appended to the buffered
     * data, as Envoy does. Returns the buffer size to pass to the callback (Envoy passes the whole buffer's size).
     */
    int receiveRequestBody(int contextId, byte[] chunk) {
        StreamState stream = stream(contextId);
        stream.requestBody = stream.bufferingRequestBody ? concat(stream.requestBody, chunk) : chunk.clone();
        stream.requestBodyLive = true;
        return stream.requestBody.length;
    }

    int receiveResponseBody(int contextId, byte[] chunk) {
        StreamState stream = stream(contextId);
        stream.responseBody = stream.bufferingResponseBody ? concat(stream.responseBody, chunk) : chunk.clone();
        stream.responseBodyLive = true;
        return stream.responseBody.length;
    }

    /**
     * Records what a header or trailer callback returned. As in Envoy, a continuing status (anything but a stop)
     * releases the map: the plugin cannot read or change it afterwards.
     */
    void headersCallbackReturned(int contextId, MapType map, int headerStatus) {
        StreamState stream = stream(contextId);
        boolean stop = headerStatus == 1 || headerStatus == 3 || headerStatus == 4;
        if (stop) {
            return;
        }
        switch (map) {
            case HTTP_REQUEST_HEADERS:
                stream.requestHeadersLive = false;
                break;
            case HTTP_REQUEST_TRAILERS:
                stream.requestTrailersLive = false;
                break;
            case HTTP_RESPONSE_HEADERS:
                stream.responseHeadersLive = false;
                break;
            default:
                stream.responseTrailersLive = false;
                break;
        }
    }

    /**
     * Records what a body callback returned: {@code STOP_ITERATION_AND_BUFFER} keeps the data for the next chunk;
     * {@code CONTINUE} releases the buffer.
     */
    void bodyCallbackReturned(int contextId, boolean request, int dataStatus) {
        StreamState stream = stream(contextId);
        boolean buffering = dataStatus == 1;
        boolean released = dataStatus == 0;
        if (request) {
            stream.bufferingRequestBody = buffering;
            stream.requestBodyLive = !released;
        } else {
            stream.bufferingResponseBody = buffering;
            stream.responseBodyLive = !released;
        }
    }

    /**
     * Marks the access-log phase ({@code proxy_on_log}): the final request and response headers and response
     * trailers are readable again, read-only, as Envoy provides them to access loggers.
     */
    void setAccessLogPhase(boolean accessLogPhase) {
        this.accessLogPhase = accessLogPhase;
    }

    /** Makes an HTTP call's response readable for the duration of {@code proxy_on_http_call_response}. */
    void beginHttpCallResponse(Headers headers, byte[] body, Headers trailers) {
        httpCallResponse = new CallResponse(lowerCaseNames(headers), body.clone(), lowerCaseNames(trailers));
    }

    void endHttpCallResponse() {
        httpCallResponse = null;
    }

    /** Makes a Redis reply readable (buffer type 9) for the duration of {@code proxy_on_redis_call_response}. */
    void beginRedisCallResponse(byte[] reply) {
        redisCallResponse = reply.clone();
    }

    void endRedisCallResponse() {
        redisCallResponse = null;
    }

    /** Removes a pending HTTP call; returns it, or null if it was not pending. */
    HttpCallout takeHttpCall(int token) {
        return pendingHttpCalls.remove(token);
    }

    RedisCallout takeRedisCall(int token) {
        return pendingRedisCalls.remove(token);
    }

    boolean isHttpCallPending(int token) {
        return pendingHttpCalls.containsKey(token);
    }

    boolean isRedisCallPending(int token) {
        return pendingRedisCalls.containsKey(token);
    }

    /**
     * Sends a pending call to the real server its cluster is routed to, and returns the reply, or null if the call
     * failed (the reason goes to {@link #redisBridgeErrors()}). The call stays pending: the caller delivers.
     *
     * @throws IllegalStateException if there is no bridge, it does not route the cluster, or the plugin never
     *     initialised the cluster successfully
     * @throws IllegalArgumentException if the query is not complete RESP (Redis would wait for the rest)
     */
    byte[] sendToRedis(RedisCallout call) {
        String bare = withoutQuery(call.cluster());
        if (redisBridge == null || !redisBridge.handles(bare)) {
            throw new IllegalStateException("Redis call " + call.token() + " to " + call.cluster()
                    + " cannot be forwarded: " + (redisBridge == null ? "no Redis bridge is set"
                    : "the Redis bridge has no route for it; routes: " + redisBridge.routes().keySet()));
        }
        RedisConnection connection = redisConnections.get(bare);
        if (connection == null) {
            throw new IllegalStateException("Redis call " + call.token() + " to " + call.cluster()
                    + " cannot be forwarded: the plugin has no connection to it (proxy_redis_init was not called "
                    + "for this cluster, or failed)");
        }
        try {
            return connection.send(call.query());
        } catch (IOException e) {
            redisBridgeErrors.add("proxy_redis_call " + call.cluster() + " (token " + call.token() + "): "
                    + e.getMessage());
            return null;
        }
    }

    // ---- inspection (the test's side) ----

    /** Every message logged at or above the log level, in order. */
    public List<LogRecord> logs() {
        return Collections.unmodifiableList(new ArrayList<>(logs));
    }

    /** The tick period the plugin asked for; 0 if none. */
    public int tickPeriodMillis() {
        return tickPeriodMillis;
    }

    /** Unanswered HTTP calls in dispatch order. */
    public List<HttpCallout> pendingHttpCalls() {
        return List.copyOf(pendingHttpCalls.values());
    }

    /** Unanswered Redis calls in dispatch order. */
    public List<RedisCallout> pendingRedisCalls() {
        return List.copyOf(pendingRedisCalls.values());
    }

    /** Every {@code proxy_redis_init} call, in order. */
    public List<RedisInit> redisInits() {
        return List.copyOf(redisInits);
    }

    /**
     * The connection the {@linkplain #setRedisBridge Redis bridge} opened for {@code cluster} (a {@code ?...} suffix
     * is ignored) at its last successful {@code proxy_redis_init}, or null.
     */
    public RedisConnection redisConnection(String cluster) {
        return redisConnections.get(RedisBridge.bareName(cluster));
    }

    /**
     * Why bridged Redis inits and calls failed, in order, e.g.
     * {@code proxy_redis_call outbound|6379||redis.static (token 7): cannot connect to 127.0.0.1:6379 ...}.
     */
    public List<String> redisBridgeErrors() {
        return List.copyOf(redisBridgeErrors);
    }

    /** Closes the Redis bridge's connections; the next bridged init opens new ones. Idempotent. */
    public void closeRedisConnections() {
        for (RedisConnection connection : redisConnections.values()) {
            connection.close();
        }
        redisConnections.clear();
    }

    /** A shared-data value, or null. */
    public byte[] sharedDataValue(String key) {
        SharedValue value = sharedData.get(key);
        return value == null ? null : value.value.clone();
    }

    /** A counter's or gauge's value by the name the plugin defined it with, or null if not defined. */
    public Long metricValue(String name) {
        Metric metric = metricsByName.get(name);
        return metric == null || metric.type == MetricType.HISTOGRAM ? null : metric.value;
    }

    /** The values recorded on a histogram, in order; empty if not defined. */
    public List<Long> histogramValues(String name) {
        Metric metric = metricsByName.get(name);
        return metric == null ? List.of() : List.copyOf(metric.recorded);
    }

    /** How often the plugin called {@code proxy_done}. */
    public int doneCalls() {
        return doneCalls;
    }

    /**
     * Host calls that went wrong on the host side: calls the kit does not model, bad pointers or malformed data
     * from the module. Each entry names the ABI function. A correct plugin on a correct SDK produces none.
     */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The number of {@link #problems()} so far, without copying them. */
    int problemCount() {
        return problems.size();
    }

    /** Records a problem (see {@link #problems()}). */
    public void reportProblem(String problem) {
        recordProblem(Objects.requireNonNull(problem, "problem"));
    }

    // ---- host calls (the plugin's side; mirrors io.wasmjava.core.host.Host) ----

    /**
     * {@code proxy_log}: records {@code message} unless it is below the log level.
     *
     * @throws HostStatusException BAD_ARGUMENT for a level outside 0..5
     */
    public void log(int level, String message) {
        if (level < 0 || level > LogLevel.CRITICAL.code()) {
            throw status("proxy_log", HostStatus.BAD_ARGUMENT);
        }
        if (level >= logLevel.code()) {
            LogRecord record = new LogRecord(LogLevel.of(level), message);
            if (logSink != null) {
                logSink.accept(record);
            } else {
                logs.add(record);
            }
        }
    }

    /** {@code proxy_get_log_level}. */
    public LogLevel logLevel() {
        return logLevel;
    }

    /** {@code proxy_get_current_time_nanoseconds}. */
    public long currentTimeNanos() {
        if (clock != null) {
            Instant at = clock.instant();
            return at.getEpochSecond() * 1_000_000_000L + at.getNano();
        }
        return nowNanos;
    }

    /** {@code proxy_set_tick_period_milliseconds}; 0 stops ticks. */
    public void setTickPeriodMillis(int periodMillis) {
        this.tickPeriodMillis = periodMillis;
    }

    /**
     * {@code proxy_get_header_map_pairs}: the map of the effective context; empty (not an error) when the map does
     * not exist, as in Envoy.
     */
    public Headers headers(int mapType) {
        Headers map = readableMap("proxy_get_header_map_pairs", mapType);
        return map == null ? Headers.empty() : map;
    }

    /**
     * {@code proxy_get_header_map_value}: the first value of {@code name} (ASCII case-insensitive), or null.
     *
     * @throws HostStatusException BAD_ARGUMENT if the map does not exist now
     */
    public String header(int mapType, String name) {
        Headers map = readableMap("proxy_get_header_map_value", mapType);
        if (map == null) {
            // Envoy: maps missing in the access-log phase read as absent; elsewhere the map is "not available".
            throw status("proxy_get_header_map_value",
                    accessLogPhase ? HostStatus.NOT_FOUND : HostStatus.BAD_ARGUMENT);
        }
        return map.value(name.toLowerCase(Locale.ROOT));
    }

    /** {@code proxy_add_header_map_value}: appends a pair with a lower-cased name. */
    public void addHeader(int mapType, String name, String value) {
        String function = "proxy_add_header_map_value";
        Headers map = writableMap(function, mapType);
        storeMap(mapType, map.newBuilder().add(checkedName(function, name), value).build());
    }

    /** {@code proxy_replace_header_map_value}: removes every pair named {@code name}, then appends one. */
    public void replaceHeader(int mapType, String name, String value) {
        String function = "proxy_replace_header_map_value";
        Headers map = writableMap(function, mapType);
        storeMap(mapType, map.newBuilder().set(checkedName(function, name), value).build());
    }

    /** {@code proxy_remove_header_map_value}: removes every pair named {@code name}; absent names are fine. */
    public void removeHeader(int mapType, String name) {
        String function = "proxy_remove_header_map_value";
        Headers map = writableMap(function, mapType);
        storeMap(mapType, map.newBuilder().remove(name).build());
    }

    /** {@code proxy_set_header_map_pairs}: replaces the whole map (names lower-cased). */
    public void setHeaders(int mapType, Headers headers) {
        writableMap("proxy_set_header_map_pairs", mapType);
        storeMap(mapType, lowerCaseNames(headers));
    }

    /** {@code proxy_get_header_map_size}: the map's size in bytes, as Envoy's {@code byteSize()}. */
    public int headerMapSize(int mapType) {
        Headers map = writableMap("proxy_get_header_map_size", mapType);
        int size = 0;
        for (int i = 0; i < map.size(); i++) {
            size += utf8(map.name(i)).length + utf8(map.value(i)).length;
        }
        return size;
    }

    /**
     * {@code proxy_get_buffer_bytes}: up to {@code maxSize} bytes from {@code start} (both unsigned), or null if the
     * buffer does not exist now. The caller owns the array.
     */
    public byte[] buffer(int bufferType, int start, int maxSize) {
        byte[] buffer = readableBuffer(bufferType);
        if (buffer == null) {
            return null;
        }
        long from = start & 0xFFFFFFFFL;
        long length = Math.min(maxSize & 0xFFFFFFFFL, buffer.length - Math.min(from, buffer.length));
        if (length <= 0) {
            return EMPTY;
        }
        return Arrays.copyOfRange(buffer, (int) from, (int) (from + length));
    }

    /**
     * {@code proxy_set_buffer_bytes} on a body buffer, with Envoy's semantics: {@code start} 0 drains {@code length}
     * bytes and prepends {@code data}; {@code start} at or past the end appends.
     *
     * @throws HostStatusException BAD_ARGUMENT for any other start, or when the effective context is not a stream
     */
    public void setBuffer(int bufferType, int start, int length, byte[] data) {
        String function = "proxy_set_buffer_bytes";
        boolean request = bufferType == BufferType.HTTP_REQUEST_BODY.code();
        if (!request && bufferType != BufferType.HTTP_RESPONSE_BODY.code()) {
            throw unmodelled(function, "buffer type " + bufferName(bufferType) + " is not modelled by the test kit");
        }
        StreamState stream = effectiveStream();
        if (stream == null || !(request ? stream.requestBodyLive : stream.responseBodyLive)) {
            throw status(function, HostStatus.BAD_ARGUMENT);
        }
        byte[] buffer = request ? stream.requestBody : stream.responseBody;
        long from = start & 0xFFFFFFFFL;
        byte[] result;
        if (from == 0) {
            int drained = (int) Math.min(length & 0xFFFFFFFFL, buffer.length);
            result = concat(data, Arrays.copyOfRange(buffer, drained, buffer.length));
        } else if (from >= buffer.length) {
            result = concat(buffer, data);
        } else {
            throw status(function, HostStatus.BAD_ARGUMENT);
        }
        if (request) {
            stream.requestBody = result;
        } else {
            stream.responseBody = result;
        }
    }

    /** {@code proxy_get_buffer_status}: the buffer's length. */
    public int bufferLength(int bufferType) {
        byte[] buffer = readableBuffer(bufferType);
        if (buffer == null) {
            throw status("proxy_get_buffer_status", HostStatus.NOT_FOUND);
        }
        return buffer.length;
    }

    /**
     * {@code proxy_get_property}: the effective stream's own value, else the host-wide value, or null. The caller owns
     * the array.
     */
    public byte[] property(List<String> path) {
        StreamState stream = effectiveStream();
        byte[] value = null;
        if (stream != null) {
            value = stream.properties.get(path);
        } else if (effectiveContextId == ROOT_CONTEXT_ID) {
            value = rootProperties.get(path);
        }
        if (value == null) {
            value = properties.get(path);
        }
        return value == null ? null : value.clone();
    }

    /** {@code proxy_set_property}: stores the value on the effective context. */
    public void setProperty(List<String> path, byte[] value) {
        StreamState stream = effectiveStream();
        if (stream != null) {
            stream.properties.put(List.copyOf(path), value.clone());
        } else {
            rootProperties.put(List.copyOf(path), value.clone());
        }
    }

    /**
     * {@code proxy_continue_stream}: counts a resume of the effective stream. As in Envoy, resuming releases the
     * request maps and body; outside a stream (a root context) the call does nothing.
     *
     * @throws HostStatusException BAD_ARGUMENT for an unknown stream type
     */
    public void continueStream(int streamType) {
        String function = "proxy_continue_stream";
        if (streamType == StreamType.DOWNSTREAM.code() || streamType == StreamType.UPSTREAM.code()) {
            throw unmodelled(function, "stream type " + streamType + " (L4) is not modelled by the test kit");
        }
        if (streamType != StreamType.REQUEST.code() && streamType != StreamType.RESPONSE.code()) {
            throw status(function, HostStatus.BAD_ARGUMENT);
        }
        StreamState stream = effectiveStream();
        if (stream == null || stream.deleted) {
            return;
        }
        if (streamType == StreamType.REQUEST.code()) {
            stream.requestResumes++;
        } else {
            stream.responseResumes++;
        }
        // Envoy's Context::continueStream drops its request maps for either stream type.
        stream.requestHeadersLive = false;
        stream.requestTrailersLive = false;
        stream.requestBodyLive = false;
    }

    /** {@code proxy_send_local_response}: records the response on the effective stream (a no-op elsewhere). */
    public void sendLocalResponse(int statusCode, String details, byte[] body, Headers headers, int grpcStatus) {
        StreamState stream = effectiveStream();
        if (stream == null) {
            return;
        }
        stream.localResponses.add(new LocalResponse(statusCode, details, body, headers, grpcStatus));
    }

    /**
     * {@code proxy_set_effective_context}.
     *
     * @throws HostStatusException BAD_ARGUMENT if no such context exists (never created, or deleted)
     */
    public void setEffectiveContext(int contextId) {
        if (retainHistory) {
            effectiveContextSwitches.add(contextId);
        }
        StreamState stream = streams.get(contextId);
        boolean exists = contextId == ROOT_CONTEXT_ID ? rootCreated : stream != null && !stream.deleted;
        if (!exists) {
            throw status("proxy_set_effective_context", HostStatus.BAD_ARGUMENT);
        }
        effectiveContextId = contextId;
    }

    /** {@code proxy_done}. */
    public void done() {
        doneCalls++;
    }

    /**
     * {@code proxy_http_call}: records a pending call and returns its token.
     *
     * @throws HostStatusException BAD_ARGUMENT for an unknown cluster or missing {@code :method}, {@code :path} or
     *     {@code :authority}
     */
    public int dispatchHttpCall(String cluster, Headers headers, byte[] body, Headers trailers, int timeoutMillis) {
        String function = "proxy_http_call";
        if (timeoutMillis < 0 || !isKnownCluster(cluster)) {
            throw status(function, HostStatus.BAD_ARGUMENT);
        }
        Headers lowered = lowerCaseNames(headers);
        if (lowered.value(":method") == null || lowered.value(":path") == null
                || lowered.value(":authority") == null) {
            throw status(function, HostStatus.BAD_ARGUMENT);
        }
        lastHttpToken += 4;
        int token = lastHttpToken;
        HttpCallout callout = new HttpCallout(token, cluster, lowered, body, lowerCaseNames(trailers), timeoutMillis,
                effectiveContextId, now());
        pendingHttpCalls.put(token, callout);
        if (calloutListener != null) {
            calloutListener.onHttpCall(callout);
        }
        return token;
    }

    /**
     * Higress {@code proxy_redis_init}: records the call.
     *
     * @throws HostStatusException BAD_ARGUMENT for an unknown cluster
     */
    public void redisInit(String cluster, String username, String password, int timeoutMillis) {
        if (!isKnownCluster(withoutQuery(cluster))) {
            throw status("proxy_redis_init", HostStatus.BAD_ARGUMENT);
        }
        RedisInit init = new RedisInit(cluster, username, password, timeoutMillis);
        if (retainHistory) {
            redisInits.add(init);
        }
        if (redisBridge != null && redisBridge.handles(cluster)) {
            connectBridge(cluster, username, password, timeoutMillis);
        }
        if (calloutListener != null) {
            calloutListener.onRedisInit(init);
        }
    }

    /** Opens the bridge's connection for a routed cluster, replacing the one a previous init opened. */
    private void connectBridge(String cluster, String username, String password, int timeoutMillis) {
        String bare = withoutQuery(cluster);
        RedisConnection previous = redisConnections.remove(bare);
        if (previous != null) {
            previous.close();
        }
        HostStatusException failure;
        try {
            redisConnections.put(bare, redisBridge.connect(cluster, username, password, timeoutMillis));
            return;
        } catch (IllegalArgumentException e) {
            failure = status("proxy_redis_init", HostStatus.BAD_ARGUMENT);
            failure.initCause(e);
        } catch (IOException e) {
            failure = new HostStatusException("proxy_redis_init", RedisBridge.INIT_FAILED_STATUS);
            failure.initCause(e);
        }
        redisBridgeErrors.add("proxy_redis_init " + cluster + ": " + failure.getCause().getMessage());
        throw failure;
    }

    /**
     * Higress {@code proxy_redis_call}: records a pending call and returns its token.
     *
     * @throws HostStatusException BAD_ARGUMENT for an unknown cluster or an empty query
     */
    public int dispatchRedisCall(String cluster, byte[] query) {
        if (query.length == 0 || !isKnownCluster(withoutQuery(cluster))) {
            throw status("proxy_redis_call", HostStatus.BAD_ARGUMENT);
        }
        lastRedisToken += 4;
        int token = lastRedisToken;
        RedisCallout callout = new RedisCallout(token, cluster, query, effectiveContextId);
        pendingRedisCalls.put(token, callout);
        if (calloutListener != null) {
            calloutListener.onRedisCall(callout);
        }
        return token;
    }

    /** {@code proxy_get_shared_data}: the value and CAS, or null. */
    public Host.SharedData sharedData(String key) {
        SharedValue value = sharedData.get(key);
        return value == null ? null : new Host.SharedData(value.value.clone(), value.cas);
    }

    /**
     * {@code proxy_set_shared_data}; {@code cas} 0 writes unconditionally.
     *
     * @throws HostStatusException CAS_MISMATCH if {@code cas} is not the current version
     */
    public void setSharedData(String key, byte[] value, int cas) {
        SharedValue current = sharedData.get(key);
        if (cas != 0 && (current == null || current.cas != cas)) {
            throw status("proxy_set_shared_data", HostStatus.CAS_MISMATCH);
        }
        lastCas++;
        sharedData.put(key, new SharedValue(value.clone(), lastCas));
    }

    /**
     * {@code proxy_define_metric}: a new id whose low two bits are the type, as in Envoy; defining a name again
     * gives a new id for the same metric.
     *
     * @throws HostStatusException BAD_ARGUMENT for a type outside 0..2
     */
    public int defineMetric(int metricType, String name) {
        if (metricType < 0 || metricType > MetricType.HISTOGRAM.code()) {
            throw status("proxy_define_metric", HostStatus.BAD_ARGUMENT);
        }
        MetricType type = MetricType.values()[metricType];
        Metric metric = metricsByName.get(name);
        if (metric == null || metric.type != type) {
            metric = new Metric(type);
            metricsByName.put(name, metric);
        }
        int id = (nextMetricSequence++ << 2) | metricType;
        metricsById.put(id, metric);
        return id;
    }

    /**
     * {@code proxy_increment_metric}.
     *
     * @throws HostStatusException NOT_FOUND for an unknown id; BAD_ARGUMENT for a histogram or a counter offset that
     *     is not positive
     */
    public void incrementMetric(int metricId, long offset) {
        Metric metric = metricsById.get(metricId);
        if (metric == null) {
            throw status("proxy_increment_metric", (metricId & 3) > 1 ? HostStatus.BAD_ARGUMENT : HostStatus.NOT_FOUND);
        }
        if (metric.type == MetricType.HISTOGRAM || (metric.type == MetricType.COUNTER && offset <= 0)) {
            throw status("proxy_increment_metric", HostStatus.BAD_ARGUMENT);
        }
        metric.value += offset;
    }

    /**
     * {@code proxy_record_metric}: adds to a counter, sets a gauge, records a histogram value.
     *
     * @throws HostStatusException NOT_FOUND for an unknown id
     */
    public void recordMetric(int metricId, long value) {
        Metric metric = metricsById.get(metricId);
        if (metric == null) {
            throw status("proxy_record_metric", HostStatus.NOT_FOUND);
        }
        switch (metric.type) {
            case COUNTER:
                metric.value += value;
                break;
            case GAUGE:
                metric.value = value;
                break;
            default:
                metric.recorded.add(value);
                break;
        }
    }

    /**
     * {@code proxy_get_metric}.
     *
     * @throws HostStatusException NOT_FOUND for an unknown id; BAD_ARGUMENT for a histogram
     */
    public long metric(int metricId) {
        Metric metric = metricsById.get(metricId);
        if (metric == null) {
            throw status("proxy_get_metric", (metricId & 3) > 1 ? HostStatus.BAD_ARGUMENT : HostStatus.NOT_FOUND);
        }
        if (metric.type == MetricType.HISTOGRAM) {
            throw status("proxy_get_metric", HostStatus.BAD_ARGUMENT);
        }
        return metric.value;
    }

    /**
     * {@code proxy_call_foreign_function}: the function's result (empty for null), or null if none is registered.
     *
     * @throws HostStatusException INTERNAL_FAILURE if the function throws; recorded as a problem
     */
    public byte[] callForeignFunction(String name, byte[] argument) {
        Function<byte[], byte[]> function = foreignFunctions.get(name);
        if (function == null) {
            return null;
        }
        byte[] result;
        try {
            result = function.apply(argument.clone());
        } catch (RuntimeException e) {
            recordProblem("proxy_call_foreign_function: " + name + " threw " + e);
            throw status("proxy_call_foreign_function", HostStatus.INTERNAL_FAILURE);
        }
        return result == null ? EMPTY : result.clone();
    }

    /**
     * Fails a call the test kit does not model: records it as a problem and returns the exception to throw
     * ({@code UNIMPLEMENTED}).
     */
    public HostStatusException unmodelled(String function, String what) {
        recordProblem(function + ": " + what);
        return status(function, HostStatus.UNIMPLEMENTED);
    }

    // ---- internals ----

    private StreamState effectiveStream() {
        StreamState stream = streams.get(effectiveContextId);
        return stream == null || stream.deleted ? null : stream;
    }

    /** The map as the plugin may read it now, or null if it is not available. */
    private Headers readableMap(String function, int mapType) {
        if (mapType == MapType.HTTP_CALL_RESPONSE_HEADERS.code()) {
            return httpCallResponse == null ? null : httpCallResponse.headers;
        }
        if (mapType == MapType.HTTP_CALL_RESPONSE_TRAILERS.code()) {
            return httpCallResponse == null ? null : httpCallResponse.trailers;
        }
        StreamState stream = effectiveStream();
        if (mapType == MapType.HTTP_REQUEST_HEADERS.code()) {
            return stream == null ? null : accessLogPhase || stream.requestHeadersLive ? stream.requestHeaders : null;
        }
        if (mapType == MapType.HTTP_REQUEST_TRAILERS.code()) {
            return stream == null || accessLogPhase || !stream.requestTrailersLive ? null : stream.requestTrailers;
        }
        if (mapType == MapType.HTTP_RESPONSE_HEADERS.code()) {
            return stream == null ? null : accessLogPhase || stream.responseHeadersLive ? stream.responseHeaders : null;
        }
        if (mapType == MapType.HTTP_RESPONSE_TRAILERS.code()) {
            return stream == null ? null
                    : accessLogPhase || stream.responseTrailersLive ? stream.responseTrailers : null;
        }
        throw unmodelled(function, "header map type " + mapType + " is not modelled by the test kit");
    }

    /** The map as the plugin may change it now; Envoy's mutable maps do not include the access-log copies. */
    private Headers writableMap(String function, int mapType) {
        Headers map = readableMap(function, mapType);
        boolean streamMap = mapType <= MapType.HTTP_RESPONSE_TRAILERS.code();
        if (map == null || (accessLogPhase && streamMap && !isLive(mapType))) {
            throw status(function, HostStatus.BAD_ARGUMENT);
        }
        return map;
    }

    private boolean isLive(int mapType) {
        StreamState stream = effectiveStream();
        if (stream == null) {
            return false;
        }
        if (mapType == MapType.HTTP_REQUEST_HEADERS.code()) {
            return stream.requestHeadersLive;
        }
        if (mapType == MapType.HTTP_REQUEST_TRAILERS.code()) {
            return stream.requestTrailersLive;
        }
        if (mapType == MapType.HTTP_RESPONSE_HEADERS.code()) {
            return stream.responseHeadersLive;
        }
        return stream.responseTrailersLive;
    }

    private void storeMap(int mapType, Headers headers) {
        if (mapType == MapType.HTTP_CALL_RESPONSE_HEADERS.code()) {
            httpCallResponse = new CallResponse(headers, httpCallResponse.body, httpCallResponse.trailers);
            return;
        }
        if (mapType == MapType.HTTP_CALL_RESPONSE_TRAILERS.code()) {
            httpCallResponse = new CallResponse(httpCallResponse.headers, httpCallResponse.body, headers);
            return;
        }
        StreamState stream = effectiveStream();
        if (mapType == MapType.HTTP_REQUEST_HEADERS.code()) {
            stream.requestHeaders = headers;
        } else if (mapType == MapType.HTTP_REQUEST_TRAILERS.code()) {
            stream.requestTrailers = headers;
        } else if (mapType == MapType.HTTP_RESPONSE_HEADERS.code()) {
            stream.responseHeaders = headers;
        } else {
            stream.responseTrailers = headers;
        }
    }

    private byte[] readableBuffer(int bufferType) {
        if (bufferType == BufferType.PLUGIN_CONFIGURATION.code()) {
            return configuring ? pluginConfiguration : null;
        }
        if (bufferType == BufferType.VM_CONFIGURATION.code()) {
            return vmConfiguration;
        }
        if (bufferType == BufferType.HTTP_CALL_RESPONSE_BODY.code()) {
            return httpCallResponse == null ? null : httpCallResponse.body;
        }
        if (bufferType == BufferType.REDIS_CALL_RESPONSE.code()) {
            return redisCallResponse;
        }
        if (bufferType == BufferType.HTTP_REQUEST_BODY.code() || bufferType == BufferType.HTTP_RESPONSE_BODY.code()) {
            StreamState stream = effectiveStream();
            if (stream == null) {
                return null;
            }
            // Outside its body callbacks (and not held by a stop status) Envoy's body buffer is empty.
            if (bufferType == BufferType.HTTP_REQUEST_BODY.code()) {
                return stream.requestBodyLive ? stream.requestBody : EMPTY;
            }
            return stream.responseBodyLive ? stream.responseBody : EMPTY;
        }
        throw unmodelled("proxy_get_buffer_bytes", "buffer type " + bufferName(bufferType)
                + " is not modelled by the test kit");
    }

    private static String bufferName(int bufferType) {
        for (BufferType type : BufferType.values()) {
            if (type.code() == bufferType) {
                return type.name();
            }
        }
        return Integer.toString(bufferType);
    }

    private void recordProblem(String problem) {
        if (problemSink != null) {
            problemSink.accept(problem);
        } else {
            problems.add(problem);
        }
    }

    private void checkSettableClock() {
        if (clock != null) {
            throw new IllegalStateException("the host clock follows " + clock + " (HostOptions.clock)");
        }
    }

    /** A pending HTTP call by token, or null. */
    HttpCallout pendingHttpCall(int token) {
        return pendingHttpCalls.get(token);
    }

    /** A pending Redis call by token, or null. */
    RedisCallout pendingRedisCall(int token) {
        return pendingRedisCalls.get(token);
    }

    private boolean isKnownCluster(String cluster) {
        if (clusterFilter != null && clusterFilter.test(cluster)) {
            return true;
        }
        if (clusterFilter != null && knownClusters == null) {
            return false;
        }
        return knownClusters == null || knownClusters.contains(cluster);
    }

    private static String withoutQuery(String cluster) {
        int question = cluster.indexOf('?');
        return question < 0 ? cluster : cluster.substring(0, question);
    }

    private static String checkedName(String function, String name) {
        if (name.isEmpty()) {
            throw status(function, HostStatus.BAD_ARGUMENT);
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** The same pairs with lower-case names, as Envoy keeps them; not validated, like anything a host holds. */
    static Headers lowerCaseNames(Headers headers) {
        String[] namesAndValues = new String[2 * headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            namesAndValues[2 * i] = headers.name(i).toLowerCase(Locale.ROOT);
            namesAndValues[2 * i + 1] = headers.value(i);
        }
        return Headers.unchecked(namesAndValues);
    }

    private static HostStatusException status(String function, HostStatus status) {
        return new HostStatusException(function, status.code());
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] littleEndianU32(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    /** Per-stream host state. Field access is package-private for {@link HttpStream}. */
    static final class StreamState {
        final int id;
        Headers requestHeaders;
        Headers requestTrailers;
        Headers responseHeaders;
        Headers responseTrailers;
        boolean requestHeadersLive;
        boolean requestTrailersLive;
        boolean responseHeadersLive;
        boolean responseTrailersLive;
        byte[] requestBody = EMPTY;
        byte[] responseBody = EMPTY;
        boolean requestBodyLive;
        boolean responseBodyLive;
        boolean bufferingRequestBody;
        boolean bufferingResponseBody;
        final List<LocalResponse> localResponses = new ArrayList<>();
        int requestResumes;
        int responseResumes;
        final Map<List<String>, byte[]> properties = new HashMap<>();
        boolean deleted;

        StreamState(int id) {
            this.id = id;
        }
    }

    private static final class CallResponse {
        final Headers headers;
        final byte[] body;
        final Headers trailers;

        CallResponse(Headers headers, byte[] body, Headers trailers) {
            this.headers = headers;
            this.body = body;
            this.trailers = trailers;
        }
    }

    private static final class SharedValue {
        final byte[] value;
        final int cas;

        SharedValue(byte[] value, int cas) {
            this.value = value;
            this.cas = cas;
        }
    }

    private static final class Metric {
        final MetricType type;
        long value;
        final List<Long> recorded = new ArrayList<>();

        Metric(MetricType type) {
            this.type = type;
        }
    }
}
