package io.wasmjava.host;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.core.host.MapType;
import io.wasmjava.core.host.MetricType;
import io.wasmjava.core.host.StreamType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The state of an emulated proxy-wasm host, modelled on Envoy's {@code source/extensions/common/wasm/context.cc} and
 * Higress's Redis extension, independent of how the plugin runs. Both engines sit on it: {@link FakeHost} calls it
 * with Java values (JVM mode), and the Wasm engine decodes the module's ABI calls into the same methods.
 *
 * <p>The host-call methods (the block that mirrors {@link Host}) report outcomes the way the ABI does: a lookup that
 * finds nothing returns null ({@code NOT_FOUND}); any other failure throws {@link HostStatusException} with the status
 * Envoy would return, named after the ABI function. Calls this host does not model are recorded as
 * {@linkplain #problems() problems} and fail with {@code UNIMPLEMENTED}; {@link PluginInstance} turns new problems
 * into a {@link HostProblemException} after each callback, unless {@link HostOptions#problemSink} takes them.
 *
 * <p>Each concern lives in its own part, behind this one face: the contexts and stream maps and bodies
 * ({@link Streams}, {@link StreamState}), HTTP callouts ({@link HttpCallouts}), Redis calls and the bridge
 * ({@link RedisCalls}), properties ({@link PropertyStore}), metrics ({@link Metrics}), shared data
 * ({@link SharedDataStore}) and shared queues ({@link SharedQueues} over a {@link SharedQueueStore}), the log and
 * problems ({@link HostLog}). The ABI's codes arrive here as enums
 * ({@link MapType}, {@link BufferType}, {@link StreamType}, {@link MetricType}, {@link LogLevel},
 * {@link HeaderStatus}, {@link DataStatus}); {@link WasmHostFunctions} decodes the module's integers.
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
 * <p>How it serves (sinks, clock, cluster filter, callout listener, history) is fixed at construction by
 * {@link HostOptions}. Not thread-safe: the caller is the event loop, as Envoy's worker thread is for a Wasm VM. The
 * stores it may share with other hosts ({@link SharedDataStore}, {@link SharedQueueStore}, {@link MetricStore}) are,
 * and another host's enqueue may post a queue notification here from its own thread.
 */
public final class HostEmulator {
    /** The id of the plugin (root) context. */
    public static final int ROOT_CONTEXT_ID = 1;

    /** Where the clock starts: 2024-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START_TIME = Instant.parse("2024-01-01T00:00:00Z");

    /** The host-wide properties a test host starts with, as in Higress's {@code pkg/test}. */
    public static final Map<String, String> DEFAULT_PROPERTIES = defaultProperties();

    private static final String INJECT_ON_HEADER = "inject_encoded_data_to_filter_chain_on_header";
    private static final String SPAN_TAG_PREFIX = "trace_span_tag.";
    private static final List<String> NEED_REBUILD = List.of("wasm_need_rebuild");
    private static final List<String> VM_MEMORY = List.of("plugin_vm_memory");

    private final HostLog log;
    /** The contexts and stream state; the driver ({@link PluginInstance}, {@link HttpStream}) delivers events here. */
    final Streams streams;
    /** HTTP callouts; the driver takes and answers them here. */
    final HttpCallouts httpCallouts = new HttpCallouts();
    /** Redis calls; the driver takes, forwards and answers them here. */
    final RedisCalls redisCalls;
    private final PropertyStore properties = new PropertyStore();
    private final Metrics metrics;
    private final SharedDataStore sharedData;
    private final SharedQueues sharedQueues;
    private final Map<String, Function<byte[], byte[]>> foreignFunctions = new HashMap<>();
    private final HostOptions options;
    private byte[] pluginConfiguration = StreamState.EMPTY;
    private byte[] vmConfiguration = StreamState.EMPTY;
    private boolean configuring;
    private long nowNanos;
    private int tickPeriodMillis;
    private int doneCalls;
    private Set<String> knownClusters;
    private Headers upstreamHosts = Headers.empty();
    private int rebuildRequests;
    /** The engine's linear-memory size in bytes, or -1 where it has none (JVM mode, or not bound to an engine). */
    private LongSupplier vmMemoryBytes = () -> -1;
    private final List<Long> maxRequestsPerIoCycle = new ArrayList<>();

    /** An emulator for tests ({@link HostOptions#TEST}). */
    public HostEmulator() {
        this(HostOptions.TEST);
    }

    /**
     * An emulator serving as {@code options} say, at log level TRACE; the settable clock starts at
     * {@link #DEFAULT_START_TIME}.
     */
    public HostEmulator(HostOptions options) {
        this(options, new ProcessStores());
    }

    /**
     * An emulator like {@link #HostEmulator(HostOptions)} that is a VM of the process whose state is {@code stores}:
     * hosts made with the same stores share data and queues, and their metrics add up, as the VMs of one Envoy
     * process do; an enqueue notifies the registrant's host ({@link #setQueueReadyListener}).
     */
    public HostEmulator(HostOptions options, ProcessStores stores) {
        this.options = Objects.requireNonNull(options, "options");
        this.sharedData = stores.sharedData();
        this.sharedQueues = new SharedQueues(stores.sharedQueues());
        this.log = new HostLog(options);
        this.streams = new Streams(options.retainHistory());
        this.redisCalls = new RedisCalls(options.retainHistory());
        this.metrics = new Metrics(options.retainHistory(), stores.metrics());
        if (options.testProperties()) {
            DEFAULT_PROPERTIES.forEach((name, value) -> properties.setHostWide(List.of(name), utf8(value)));
        }
        nowNanos = toNanos(DEFAULT_START_TIME);
        // Higress's Go SDK asks for the level through this foreign function before every log call.
        foreignFunctions.put("get_log_level", argument -> littleEndianU32(log.level().code()));
        // Higress: the response-header phase's injection (wasm-go pkg/mcp/utils/json_rpc.go); result ignored.
        foreignFunctions.put(INJECT_ON_HEADER, argument -> {
            streams.inject(INJECT_ON_HEADER, InjectedData.decodeOnHeaderArgument(argument));
            return null;
        });
        // Higress's WithMaxRequestsPerIoCycle: recorded for maxRequestsPerIoCycle(); Envoy's result is ignored.
        foreignFunctions.put("set_global_max_requests_per_io_cycle", argument -> {
            if (argument.length != 8) {
                throw new IllegalArgumentException("expected an 8-byte little-endian u64 but got " + argument.length
                        + " bytes");
            }
            maxRequestsPerIoCycle.add(ByteBuffer.wrap(argument).order(ByteOrder.LITTLE_ENDIAN).getLong());
            return StreamState.EMPTY;
        });
    }

    private static Map<String, String> defaultProperties() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("route_name", "test-route-default");
        defaults.put("cluster_name", "test-cluster-default");
        defaults.put("x_request_id", "test-request-id-default");
        return Collections.unmodifiableMap(defaults);
    }

    // ---- configuration (the caller's side) ----

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
        return options.retainHistory();
    }

    /** Sets the VM configuration ({@code proxy_on_vm_start}); empty by default. */
    public void setVmConfiguration(byte[] configuration) {
        this.vmConfiguration = Objects.requireNonNull(configuration, "configuration").clone();
    }

    /** Sets a host-wide property; null removes it. Streams see it unless they have their own value. */
    public void setHostProperty(List<String> path, byte[] value) {
        properties.setHostWide(path, value);
    }

    /** A host-wide property, or null; a copy. */
    public byte[] hostProperty(List<String> path) {
        return properties.hostWide(path);
    }

    /** The level {@code proxy_get_log_level} reports; messages below it are dropped. */
    public void setLogLevel(LogLevel level) {
        log.level(Objects.requireNonNull(level, "level"));
    }

    /** Registers (or replaces) a function for {@code proxy_call_foreign_function}. */
    public void registerForeignFunction(String name, Function<byte[], byte[]> function) {
        foreignFunctions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(function, "function"));
    }

    /**
     * Removes the foreign function {@code name}, if registered: calls to it then answer {@code NOT_FOUND}, as on a
     * host without it (e.g. {@code get_log_level} on plain Envoy).
     */
    public void removeForeignFunction(String name) {
        foreignFunctions.remove(Objects.requireNonNull(name, "name"));
    }

    /**
     * Limits the clusters HTTP and Redis calls may use; calls to others fail with {@code BAD_ARGUMENT}, as Envoy
     * fails calls to clusters it does not know. Null (the default) accepts every cluster (see also
     * {@link HostOptions#clusterFilter}).
     */
    public void setKnownClusters(Collection<String> clusters) {
        this.knownClusters = clusters == null ? null : new LinkedHashSet<>(clusters);
    }

    /**
     * Sends Redis calls to real servers for the clusters {@code bridge} routes (see {@link RedisBridge}); null (the
     * default) leaves every Redis call to the caller. Closes the connections of a bridge set before.
     */
    public void setRedisBridge(RedisBridge bridge) {
        redisCalls.bridge(bridge);
    }

    /** The bridge set with {@link #setRedisBridge}, or null. */
    public RedisBridge redisBridge() {
        return redisCalls.bridge();
    }

    /**
     * Sets the settable clock.
     *
     * @throws IllegalStateException if the host follows {@link HostOptions#clock}
     */
    public void setTime(Instant instant) {
        checkSettableClock();
        this.nowNanos = toNanos(instant);
    }

    /**
     * Moves the settable clock forward.
     *
     * @throws IllegalArgumentException if {@code millis} is negative
     * @throws IllegalStateException if the host follows {@link HostOptions#clock}
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
        if (options.clock() != null) {
            return options.clock().instant();
        }
        return Instant.ofEpochSecond(Math.floorDiv(nowNanos, 1_000_000_000L), Math.floorMod(nowNanos, 1_000_000_000L));
    }

    // ---- contexts (the engine driver's side) ----

    /** Registers the root context; call before {@code proxy_on_context_create(1, 0)}. */
    public void createRootContext() {
        streams.createRoot();
    }

    /** Allocates the next stream id and registers the stream; call before {@code proxy_on_context_create}. */
    public int createStream() {
        return streams.create();
    }

    /** Forgets a context after {@code proxy_on_delete}; its pending callouts stay answerable. */
    public void deleteContext(int contextId) {
        streams.delete(contextId);
    }

    /** Marks the start of a callback into the plugin for {@code contextId}: it becomes the effective context. */
    public void enterCallback(int contextId) {
        streams.enter(contextId);
    }

    /** Marks the end of a callback. */
    public void exitCallback() {
        streams.enter(0);
    }

    /** Marks the start and end of {@code proxy_on_configure}: the plugin configuration is readable only in between. */
    public void setConfiguring(boolean configuring) {
        this.configuring = configuring;
    }

    /** The context host calls act on now; 0 outside callbacks. */
    public int effectiveContextId() {
        return streams.effectiveContextId();
    }

    /** Every id the plugin passed to {@code proxy_set_effective_context}, in order. */
    public List<Integer> effectiveContextSwitches() {
        return streams.effectiveContextSwitches();
    }

    // ---- inspection (the caller's side) ----

    /** Every message logged at or above the log level, in order (none when {@link HostOptions#logSink} is set). */
    public List<LogRecord> logs() {
        return log.records();
    }

    /** The tick period the plugin asked for; 0 if none. */
    public int tickPeriodMillis() {
        return tickPeriodMillis;
    }

    /** Unanswered HTTP calls in dispatch order. */
    public List<HttpCallout> pendingHttpCalls() {
        return httpCallouts.table.pending();
    }

    /** Unanswered Redis calls in dispatch order. */
    public List<RedisCallout> pendingRedisCalls() {
        return redisCalls.table.pending();
    }

    /** Every {@code proxy_redis_init} call, in order. */
    public List<RedisInit> redisInits() {
        return redisCalls.inits();
    }

    /**
     * The connection the {@linkplain #setRedisBridge Redis bridge} opened for {@code cluster} (a {@code ?...} suffix
     * is ignored) at its last successful {@code proxy_redis_init}, or null.
     */
    public RedisConnection redisConnection(String cluster) {
        return redisCalls.connection(cluster);
    }

    /**
     * Why bridged Redis inits and calls failed, in order, e.g.
     * {@code proxy_redis_call outbound|6379||redis.static (token 7): cannot connect to 127.0.0.1:6379 ...}.
     */
    public List<String> redisBridgeErrors() {
        return redisCalls.bridgeErrors();
    }

    /** Closes the Redis bridge's connections; the next bridged init opens new ones. Idempotent. */
    public void closeRedisConnections() {
        redisCalls.closeConnections();
    }

    /** A shared-data value, or null. */
    public byte[] sharedDataValue(String key) {
        Host.SharedData value = sharedData.get(key);
        return value == null ? null : value.value();
    }

    /**
     * A counter's (else a gauge's) value by the name the plugin defined it with, summed over every VM sharing this
     * host's {@link MetricStore}; null if not defined.
     */
    public Long metricValue(String name) {
        return metrics.valueByName(name);
    }

    /**
     * The values this VM recorded on a histogram, in order; empty if not defined, and always empty for a host that
     * keeps no history ({@link HostOptions#retainHistory}): the store then keeps only a summary.
     */
    public List<Long> histogramValues(String name) {
        return metrics.histogram(name);
    }

    /** Every metric's value now, as the stats endpoint would show it (all VMs sharing this host's store). */
    public MetricSnapshot metrics() {
        return metrics.store().snapshot();
    }

    /** How often the plugin set {@code wasm_need_rebuild} to {@code true} (Higress's VM rebuild request). */
    public int rebuildRequests() {
        return rebuildRequests;
    }

    /**
     * The values the plugin passed to Higress's foreign function {@code set_global_max_requests_per_io_cycle}, in
     * order (one per plugin start with {@code WithMaxRequestsPerIoCycle}); empty if none.
     */
    public List<Long> maxRequestsPerIoCycle() {
        return List.copyOf(maxRequestsPerIoCycle);
    }

    /** How often the plugin called {@code proxy_done}. */
    public int doneCalls() {
        return doneCalls;
    }

    /**
     * Host calls that went wrong on the host side: calls this host does not model, bad pointers or malformed data
     * from the module. Each entry names the ABI function. A correct plugin on a correct SDK produces none. Empty
     * when {@link HostOptions#problemSink} is set.
     */
    public List<String> problems() {
        return log.problems();
    }

    /** The number of {@link #problems()} so far, without copying them. */
    int problemCount() {
        return log.problemCount();
    }

    /** Records a problem (see {@link #problems()}). */
    public void reportProblem(String problem) {
        log.problem(Objects.requireNonNull(problem, "problem"));
    }

    // ---- host calls (the plugin's side; mirrors io.wasmjava.core.host.Host) ----

    /** {@code proxy_log}: records {@code message} unless it is below the log level. */
    public void log(LogLevel level, String message) {
        log.log(level, message);
    }

    /** {@code proxy_get_log_level}. */
    public LogLevel logLevel() {
        return log.level();
    }

    /** {@code proxy_get_current_time_nanoseconds}. */
    public long currentTimeNanos() {
        return options.clock() != null ? toNanos(options.clock().instant()) : nowNanos;
    }

    /** {@code proxy_set_tick_period_milliseconds}; 0 stops ticks. */
    public void setTickPeriodMillis(int periodMillis) {
        this.tickPeriodMillis = periodMillis;
    }

    /**
     * {@code proxy_get_header_map_pairs}: the map of the effective context; empty (not an error) when the map does
     * not exist, as in Envoy.
     */
    public Headers headers(MapType type) {
        Headers map = readableMap("proxy_get_header_map_pairs", type);
        return map == null ? Headers.empty() : map;
    }

    /**
     * {@code proxy_get_header_map_value}: the first value of {@code name} (ASCII case-insensitive), or null.
     *
     * @throws HostStatusException BAD_ARGUMENT if the map does not exist now
     */
    public String header(MapType type, String name) {
        Headers map = readableMap("proxy_get_header_map_value", type);
        if (map == null) {
            // Envoy: maps missing in the access-log phase read as absent; elsewhere the map is "not available".
            throw status("proxy_get_header_map_value",
                    streams.isAccessLogPhase() ? HostStatus.NOT_FOUND : HostStatus.BAD_ARGUMENT);
        }
        return map.value(name.toLowerCase(Locale.ROOT));
    }

    /** {@code proxy_add_header_map_value}: appends a pair with a lower-cased name. */
    public void addHeader(MapType type, String name, String value) {
        String function = "proxy_add_header_map_value";
        storeMap(type, writableMap(function, type).newBuilder().add(checkedName(function, name), value).build());
    }

    /** {@code proxy_replace_header_map_value}: removes every pair named {@code name}, then appends one. */
    public void replaceHeader(MapType type, String name, String value) {
        String function = "proxy_replace_header_map_value";
        storeMap(type, writableMap(function, type).newBuilder().set(checkedName(function, name), value).build());
    }

    /** {@code proxy_remove_header_map_value}: removes every pair named {@code name}; absent names are fine. */
    public void removeHeader(MapType type, String name) {
        storeMap(type, writableMap("proxy_remove_header_map_value", type).newBuilder().remove(name).build());
    }

    /** {@code proxy_set_header_map_pairs}: replaces the whole map (names lower-cased). */
    public void setHeaders(MapType type, Headers headers) {
        writableMap("proxy_set_header_map_pairs", type);
        storeMap(type, lowerCaseNames(headers));
    }

    /** {@code proxy_get_header_map_size}: the map's size in bytes, as Envoy's {@code byteSize()}. */
    public int headerMapSize(MapType type) {
        Headers map = writableMap("proxy_get_header_map_size", type);
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
    public byte[] buffer(BufferType type, int start, int maxSize) {
        byte[] buffer = readableBuffer(type);
        if (buffer == null) {
            return null;
        }
        long from = start & 0xFFFFFFFFL;
        long length = Math.min(maxSize & 0xFFFFFFFFL, buffer.length - Math.min(from, buffer.length));
        if (length <= 0) {
            return StreamState.EMPTY;
        }
        return Arrays.copyOfRange(buffer, (int) from, (int) (from + length));
    }

    /**
     * {@code proxy_set_buffer_bytes} on a body buffer, with Envoy's semantics: {@code start} 0 drains {@code length}
     * bytes and prepends {@code data}; {@code start} at or past the end appends.
     *
     * @throws HostStatusException BAD_ARGUMENT for any other start, or when the effective context is not a stream
     */
    public void setBuffer(BufferType type, int start, int length, byte[] data) {
        if (type != BufferType.HTTP_REQUEST_BODY && type != BufferType.HTTP_RESPONSE_BODY) {
            throw unmodelled("proxy_set_buffer_bytes", "buffer type " + type + " is not modelled by this host");
        }
        streams.setBody(type, start, length, data);
    }

    /** {@code proxy_get_buffer_status}: the buffer's length. */
    public int bufferLength(BufferType type) {
        byte[] buffer = readableBuffer(type);
        if (buffer == null) {
            throw status("proxy_get_buffer_status", HostStatus.NOT_FOUND);
        }
        return buffer.length;
    }

    /**
     * {@code proxy_get_property}: the effective stream's own value, else the host-wide value, or null. The caller owns
     * the array. Higress's {@code plugin_vm_memory}, unless set as a property, is the VM's current linear-memory size
     * as an 8-byte little-endian u64 on the Wasm engines (the size Higress's Go SDK compares with
     * {@code WithRebuildMaxMemBytes}); in JVM mode there is no linear memory and it stays {@code NOT_FOUND}.
     */
    public byte[] property(List<String> path) {
        byte[] value = properties.lookup(path, streams.effective(), streams.effectiveContextId() == ROOT_CONTEXT_ID);
        if (value == null && path.equals(VM_MEMORY)) {
            long bytes = vmMemoryBytes.getAsLong();
            return bytes < 0 ? null : littleEndianU64(bytes);
        }
        return value;
    }

    /**
     * Binds {@code plugin_vm_memory} to the engine's linear memory ({@link PluginEngine#memoryBytes()}); called by
     * {@link PluginInstance} once the engine exists.
     */
    void measureVmMemory(LongSupplier memoryBytes) {
        this.vmMemoryBytes = Objects.requireNonNull(memoryBytes, "memoryBytes");
    }

    /**
     * {@code proxy_set_property}: stores the value on the effective context. As in Higress's Envoy
     * ({@code context.cc} {@code setProperty}), {@code trace_span_tag.<name>} becomes a span tag of the request
     * ({@link HttpStream#spanTags()}), which cannot be read back, and needs a request ({@code NOT_FOUND} elsewhere);
     * {@code wasm_need_rebuild} = {@code true} is counted as a rebuild request ({@link #rebuildRequests()}).
     */
    public void setProperty(List<String> path, byte[] value) {
        StreamState stream = streams.effective();
        if (path.size() == 1 && path.get(0).startsWith(SPAN_TAG_PREFIX)) {
            if (stream == null) {
                throw status("proxy_set_property", HostStatus.NOT_FOUND);
            }
            stream.spanTags.put(path.get(0).substring(SPAN_TAG_PREFIX.length()),
                    new String(value, StandardCharsets.UTF_8));
            return;
        }
        if (path.equals(NEED_REBUILD) && Arrays.equals(value, utf8("true"))) {
            rebuildRequests++;
        }
        properties.set(path, value, stream);
    }

    /**
     * {@code proxy_continue_stream}: counts a resume of the effective stream. As in Envoy, resuming releases the
     * request maps and body; outside a stream (a root context) the call does nothing.
     */
    public void continueStream(StreamType type) {
        if (type == StreamType.DOWNSTREAM || type == StreamType.UPSTREAM) {
            throw unmodelled("proxy_continue_stream", "stream type " + type.code()
                    + " (L4) is not modelled by this host");
        }
        streams.resume(type);
    }

    /** {@code proxy_send_local_response}: records the response on the effective stream (a no-op elsewhere). */
    public void sendLocalResponse(int statusCode, String details, byte[] body, Headers headers, int grpcStatus) {
        streams.localResponse(new LocalResponse(statusCode, details, body, headers, grpcStatus));
    }

    /**
     * {@code proxy_set_effective_context}.
     *
     * @throws HostStatusException BAD_ARGUMENT if no such context exists (never created, or deleted)
     */
    public void setEffectiveContext(int contextId) {
        streams.setEffective(contextId);
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
        checkCluster("proxy_http_call", cluster);
        HttpCallout callout = httpCallouts.dispatch(cluster, headers, body, trailers, timeoutMillis,
                streams.effectiveContextId(), now());
        if (options.calloutListener() != null) {
            options.calloutListener().onHttpCall(callout);
        }
        return callout.token();
    }

    /**
     * Higress {@code proxy_redis_init}: records the call; with a bridge routing the cluster, connects to it.
     *
     * @throws HostStatusException BAD_ARGUMENT for an unknown cluster
     */
    public void redisInit(String cluster, String username, String password, int timeoutMillis) {
        checkCluster("proxy_redis_init", RedisBridge.bareName(cluster));
        RedisInit init = redisCalls.init(cluster, username, password, timeoutMillis);
        if (options.calloutListener() != null) {
            options.calloutListener().onRedisInit(init);
        }
    }

    /**
     * Higress {@code proxy_redis_call}: records a pending call and returns its token.
     *
     * @throws HostStatusException BAD_ARGUMENT for an unknown cluster or an empty query
     */
    public int dispatchRedisCall(String cluster, byte[] query) {
        if (query.length == 0) {
            throw status("proxy_redis_call", HostStatus.BAD_ARGUMENT);
        }
        checkCluster("proxy_redis_call", RedisBridge.bareName(cluster));
        RedisCallout callout = redisCalls.dispatch(cluster, query, streams.effectiveContextId());
        if (options.calloutListener() != null) {
            options.calloutListener().onRedisCall(callout);
        }
        return callout.token();
    }

    /** {@code proxy_get_shared_data}: the value and CAS, or null. */
    public Host.SharedData sharedData(String key) {
        return sharedData.get(key);
    }

    /** The shared data this host serves (shared with every host made with the same store). */
    public SharedDataStore sharedDataStore() {
        return sharedData;
    }

    /**
     * {@code proxy_set_shared_data} with Envoy's semantics ({@link SharedDataStore}): {@code cas} 0 writes
     * unconditionally, and a missing key is inserted whatever the {@code cas}.
     *
     * @throws HostStatusException CAS_MISMATCH if the key exists and {@code cas} is neither 0 nor its version
     */
    public void setSharedData(String key, byte[] value, int cas) {
        sharedData.set(key, value, cas);
    }

    /**
     * {@code proxy_define_metric}: a new id whose low two bits are the type (counters 4, 8, ...; gauges 5, 9, ...;
     * histograms 6, 10, ...), as in Envoy; defining a name again gives a new id for the same stat.
     */
    public int defineMetric(MetricType type, String name) {
        return metrics.define(type, name);
    }

    /**
     * {@code proxy_increment_metric}.
     *
     * @throws HostStatusException NOT_FOUND for an unknown id; BAD_ARGUMENT for a histogram or a counter offset that
     *     is not positive
     */
    public void incrementMetric(int metricId, long offset) {
        metrics.increment(metricId, offset);
    }

    /**
     * {@code proxy_record_metric}: adds to a counter, sets a gauge, records a histogram value.
     *
     * @throws HostStatusException NOT_FOUND for an unknown id
     */
    public void recordMetric(int metricId, long value) {
        metrics.record(metricId, value);
    }

    /**
     * {@code proxy_get_metric}.
     *
     * @throws HostStatusException NOT_FOUND for an unknown id; BAD_ARGUMENT for a histogram
     */
    public long metric(int metricId) {
        return metrics.value(metricId);
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
            log.problem("proxy_call_foreign_function: " + name + " threw " + e);
            throw status("proxy_call_foreign_function", HostStatus.INTERNAL_FAILURE);
        }
        return result == null ? StreamState.EMPTY : result.clone();
    }

    /**
     * Higress {@code proxy_inject_encoded_data_to_filter_chain}: records the data on the effective stream
     * ({@link HttpStream#injectedResponseData()}).
     *
     * @throws HostStatusException BAD_ARGUMENT outside a stream
     */
    public void injectEncodedData(byte[] data, boolean endOfStream) {
        streams.inject("proxy_inject_encoded_data_to_filter_chain", new InjectedData(data, endOfStream, false));
    }

    /** {@code proxy_register_shared_queue}: the queue's token (the same for a name registered again). */
    public int registerSharedQueue(String name) {
        return sharedQueues.register(name);
    }

    /**
     * {@code proxy_resolve_shared_queue}: the token, or 0 (NOT_FOUND) for a name no VM sharing this host's queue
     * store registered under VM id {@code vmId} ({@code ""}: this VM's, which on Higress is every VM's).
     */
    public int resolveSharedQueue(String vmId, String name) {
        return sharedQueues.resolve(vmId, name);
    }

    /**
     * {@code proxy_enqueue_shared_queue}: appends a copy and posts {@code proxy_on_queue_ready} to the queue's latest
     * registrant, which may be another host sharing the queue store (its driver delivers it with
     * {@link PluginInstance#deliverQueueReady()}).
     *
     * @throws HostStatusException NOT_FOUND for an unknown token
     */
    public void enqueueSharedQueue(int queueId, byte[] data) {
        sharedQueues.enqueue(queueId, data);
    }

    /**
     * {@code proxy_dequeue_shared_queue}: the oldest entry, or null if the queue is empty (EMPTY).
     *
     * @throws HostStatusException NOT_FOUND for an unknown token
     */
    public byte[] dequeueSharedQueue(int queueId) {
        return sharedQueues.dequeue(queueId);
    }

    /** The {@code proxy_on_queue_ready} notifications posted since the last call, in order (the caller delivers). */
    List<Integer> takeQueueReady() {
        return sharedQueues.takeReady();
    }

    /**
     * Runs {@code listener} each time an enqueue posts {@code proxy_on_queue_ready} to this VM, on the enqueuing
     * thread, which may be another VM's: the listener hands delivery ({@link PluginInstance#deliverQueueReady()}) to
     * the thread that drives this VM, as Envoy posts it to the registrant's dispatcher. Without one the
     * notifications wait for the driver's next {@code deliverQueueReady()}.
     */
    public void setQueueReadyListener(Runnable listener) {
        sharedQueues.setListener(listener);
    }

    /**
     * Sets the hosts {@code proxy_get_upstream_hosts} reports (address to info, in order), for every stream; none by
     * default.
     */
    public void setUpstreamHosts(Map<String, String> hosts) {
        List<String> pairs = new ArrayList<>();
        hosts.forEach((address, info) -> {
            pairs.add(address);
            pairs.add(info);
        });
        upstreamHosts = Headers.unchecked(pairs);
    }

    /** Higress {@code proxy_get_upstream_hosts}: the hosts set by {@link #setUpstreamHosts}. */
    public Headers upstreamHosts() {
        return upstreamHosts;
    }

    /**
     * Higress {@code proxy_set_upstream_override_host}: records the address on the effective stream
     * ({@link HttpStream#upstreamOverrideHost()}); OK whatever the address, as Higress.
     *
     * @throws HostStatusException BAD_ARGUMENT outside a stream
     */
    public void setUpstreamOverrideHost(String address) {
        streams.overrideHost(address);
    }

    /**
     * Fails a call this host does not model: records it as a problem and returns the exception to throw
     * ({@code UNIMPLEMENTED}).
     */
    public HostStatusException unmodelled(String function, String what) {
        log.problem(function + ": " + what);
        return status(function, HostStatus.UNIMPLEMENTED);
    }

    // ---- internals ----

    private static boolean isCallResponse(MapType type) {
        return type == MapType.HTTP_CALL_RESPONSE_HEADERS || type == MapType.HTTP_CALL_RESPONSE_TRAILERS;
    }

    private static boolean isStreamMap(MapType type) {
        return type.code() <= MapType.HTTP_RESPONSE_TRAILERS.code();
    }

    /** The map as the plugin may read it now, or null if it is not available. */
    private Headers readableMap(String function, MapType type) {
        if (isCallResponse(type)) {
            return httpCallouts.map(type);
        }
        if (!isStreamMap(type)) {
            throw unmodelled(function, "header map type " + type.code() + " is not modelled by this host");
        }
        return streams.readable(type);
    }

    /** The map as the plugin may change it now; Envoy's mutable maps do not include the access-log copies. */
    private Headers writableMap(String function, MapType type) {
        Headers map = readableMap(function, type);
        if (map == null || (isStreamMap(type) && !streams.isWritable(type))) {
            throw status(function, HostStatus.BAD_ARGUMENT);
        }
        return map;
    }

    private void storeMap(MapType type, Headers headers) {
        if (isCallResponse(type)) {
            httpCallouts.store(type, headers);
        } else {
            streams.store(type, headers);
        }
    }

    private byte[] readableBuffer(BufferType type) {
        switch (type) {
            case PLUGIN_CONFIGURATION:
                return configuring ? pluginConfiguration : null;
            case VM_CONFIGURATION:
                return vmConfiguration;
            case HTTP_CALL_RESPONSE_BODY:
                return httpCallouts.body();
            case REDIS_CALL_RESPONSE:
                return redisCalls.reply();
            case HTTP_REQUEST_BODY:
            case HTTP_RESPONSE_BODY:
                return streams.body(type);
            default:
                throw unmodelled("proxy_get_buffer_bytes", "buffer type " + type + " is not modelled by this host");
        }
    }

    private void checkSettableClock() {
        if (options.clock() != null) {
            throw new IllegalStateException("the host clock follows " + options.clock() + " (HostOptions.clock)");
        }
    }

    /** BAD_ARGUMENT for a cluster the host does not know, as Envoy fails calls to unknown clusters. */
    private void checkCluster(String function, String cluster) {
        Predicate<String> filter = options.clusterFilter();
        boolean listed = knownClusters == null ? filter == null : knownClusters.contains(cluster);
        if (!listed && (filter == null || !filter.test(cluster))) {
            throw status(function, HostStatus.BAD_ARGUMENT);
        }
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

    static HostStatusException status(String function, HostStatus status) {
        return new HostStatusException(function, status.code());
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static long toNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static byte[] littleEndianU64(long value) {
        return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private static byte[] littleEndianU32(int value) {
        return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
