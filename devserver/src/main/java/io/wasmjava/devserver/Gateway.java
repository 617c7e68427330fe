package io.wasmjava.devserver;

import io.wasmjava.core.LogLevel;
import io.wasmjava.devserver.GatewayConfig.PluginSpec;
import io.wasmjava.devserver.GatewayConfig.Route;
import io.wasmjava.host.MetricSnapshot;
import io.wasmjava.host.ProcessStores;
import io.wasmjava.host.SharedDataStore;
import io.wasmjava.host.WasmEngine;
import io.wasmjava.host.WasmExecution;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running local gateway: an HTTP/1.1 listener whose requests go through the configured plugin chain, compiled
 * modules on V8 or Chicory ({@link GatewayConfig#engine()}), and on to the route's upstream, the way Envoy's HTTP
 * Wasm filter runs them.
 *
 * <p>Threads: one thread per client connection ({@link Http1Listener}) reads each request completely, within the
 * configured {@linkplain GatewayConfig#limits() limits}, and writes each response; {@linkplain GatewayConfig#workers()
 * workers} (one thread each, one VM per plugin each) run every plugin call of the requests assigned to them, round
 * robin; callout and upstream I/O completes on the HTTP client's and Redis links' threads and is posted back to the
 * worker. Nothing a worker runs blocks on the network.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.start(GatewayConfig.builder()
 *         .listen(new InetSocketAddress("127.0.0.1", 0))
 *         .plugin(Path.of("target/main.wasm"), "{}")
 *         .upstream(URI.create("http://127.0.0.1:8080"))
 *         .build())) {
 *     // send requests to gateway.uri()
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {
    static {
        configureJdkHttp();
    }

    private final GatewayConfig config;
    private final GatewayLog log;
    private final ClusterTable clusters;
    private final ExecutorService io;
    private final Outbound outbound;
    private final Http1Upstream upstream;
    private final RedisLinks redis;
    /**
     * One set of stores for every VM of every worker and plugin, as Envoy's process-wide shared data (Higress sets no
     * vm_id), shared queues (a queue one worker's VM registers is resolved and fed by the others, and its registrant
     * hears of each enqueue on its own worker's thread) and stats store (metrics add up across workers).
     */
    private final ProcessStores stores = new ProcessStores();
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicInteger nextWorker = new AtomicInteger();
    private Http1Listener listener;
    private AdminServer admin;
    /** Envoy's VM lifecycle counters ({@code wasm.<runtime>.plugin.<plugin>.rebuild_total}, ...), by full name. */
    private final Map<String, AtomicLong> vmStats = new ConcurrentHashMap<>();

    private Gateway(GatewayConfig config, GatewayLog log) {
        this.config = config;
        this.log = log;
        this.clusters = ClusterTable.of(config.clusters());
        this.io = Executors.newCachedThreadPool(daemonThreads("devserver-io"));
        this.outbound = new Outbound(io);
        this.upstream = new Http1Upstream(io);
        this.redis = new RedisLinks(warning -> log.warn("redis", warning));
    }

    /**
     * Lets the JDK's HTTP client send the {@code Host} header (Envoy forwards {@code :authority} as {@code Host}) and
     * its HTTP server send small responses without Nagle's delay. Both are read once, when those classes load, so
     * {@link Main} calls this first; an application embedding the gateway should too, or set the properties itself.
     */
    public static void configureJdkHttp() {
        String allowed = System.getProperty("jdk.httpclient.allowRestrictedHeaders");
        if (allowed == null || allowed.isBlank()) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        } else if (!allowed.toLowerCase().contains("host")) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", allowed + ",host");
        }
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * Starts the plugins on every worker, then listens; logs to standard error at the configured level.
     *
     * @throws IllegalStateException if a plugin cannot start (it traps, or rejects its configuration)
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static Gateway start(GatewayConfig config) {
        return start(config, GatewayLog.printingTo(System.err, config.logLevel()));
    }

    static Gateway start(GatewayConfig config, GatewayLog log) {
        Gateway gateway = new Gateway(config, log);
        try {
            gateway.open();
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    private void open() {
        if (config.engine() != WasmExecution.V8) {
            WasmEngine.unavailable(WasmExecution.V8).ifPresent(reason -> log.warn("gateway", reason
                    + "; plugins run on Chicory"));
        }
        long start = System.nanoTime();
        for (int i = 0; i < config.workers(); i++) {
            Worker worker = new Worker(this, i + 1);
            workers.add(worker);
            worker.start();
        }
        listener = Http1Listener.open(this, config.listen());
        if (config.admin() != null) {
            admin = AdminServer.start(config.admin(), stores.metrics(), this::vmStats);
            log.info("gateway", "admin on " + adminUri() + ": /stats, /stats/prometheus");
        }
        List<String> plugins = new ArrayList<>();
        for (PluginSpec plugin : config.plugins()) {
            plugins.add(plugin.name() + " (" + plugin.wasm() + ")");
        }
        log.info("gateway", "listening on " + uri() + " with " + config.workers() + " workers on "
                + (config.engine() == WasmExecution.V8 ? "V8" : "Chicory") + "; plugins: "
                + (plugins.isEmpty() ? "none" : String.join(", ", plugins)) + "; started in "
                + DownstreamRequest.millis(start) + "ms");
        for (Route route : config.routes()) {
            log.debug("gateway", "route " + (route.name().isEmpty() ? "" : route.name() + " ") + route.domains() + " "
                    + (route.path() != null ? "path " + route.path() : route.regex() != null ? "regex "
                    + route.regex() : "prefix " + route.prefix()) + " -> " + (route.cluster() != null
                    ? route.cluster() + " (" + clusters.resolve(route.cluster()) + ")" : "direct " + route.directStatus()));
        }
    }

    /** Hands a complete request to the next worker, round robin. */
    void dispatch(DownstreamRequest request) {
        workers.get(Math.floorMod(nextWorker.getAndIncrement(), workers.size())).accept(request);
    }

    /** The first route matching {@code authority} and {@code path}, or null. */
    Route route(String authority, String path) {
        for (Route route : config.routes()) {
            if (route.matches(authority, path == null ? "/" : path)) {
                return route;
            }
        }
        return null;
    }

    /** The bound address (with the real port when port 0 was asked for). */
    public InetSocketAddress address() {
        return listener.address();
    }

    /** {@code http://host:port}. */
    public URI uri() {
        return httpUri(address());
    }

    /**
     * The admin listener's {@code http://host:port}.
     *
     * @throws IllegalStateException if the gateway runs no admin listener
     */
    public URI adminUri() {
        if (admin == null) {
            throw new IllegalStateException("the gateway runs no admin listener (GatewayConfig.admin)");
        }
        return httpUri(admin.address());
    }

    private static URI httpUri(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    /** The plugins' metrics, summed over all workers. */
    public MetricSnapshot metrics() {
        return stores.metrics().snapshot();
    }

    /**
     * Counts a VM rebuild as Higress's Envoy does: {@code rebuild_total} plus {@code rebuild_explicit_total} or
     * {@code rebuild_memory_total} under {@code wasm.<runtime>.plugin.<plugin>.} (higress-group/envoy {@code wasm.cc}
     * {@code PluginHandleSharedPtrThreadLocal::rebuild}; runtime {@code envoy.wasm.runtime.v8}, or
     * {@code envoy.wasm.runtime.chicory} on Chicory). Called from worker threads.
     */
    void countRebuild(PluginSpec plugin, PluginVm.RebuildReason reason) {
        String prefix = "wasm.envoy.wasm.runtime." + (config.engine() == WasmExecution.V8 ? "v8" : "chicory")
                + ".plugin." + plugin.name() + ".";
        vmStats.computeIfAbsent(prefix + "rebuild_total", name -> new AtomicLong()).incrementAndGet();
        vmStats.computeIfAbsent(prefix + reason.statName(), name -> new AtomicLong()).incrementAndGet();
    }

    /** The VM lifecycle counters now, by full Envoy stat name; empty until a VM is rebuilt. */
    Map<String, Long> vmStats() {
        Map<String, Long> values = new TreeMap<>();
        vmStats.forEach((name, value) -> values.put(name, value.get()));
        return values;
    }

    GatewayConfig config() {
        return config;
    }

    GatewayLog log() {
        return log;
    }

    ClusterTable clusters() {
        return clusters;
    }

    /** The shared data every plugin VM of the gateway reads and writes. */
    SharedDataStore sharedData() {
        return stores.sharedData();
    }

    /** The state every plugin VM of the gateway shares. */
    ProcessStores stores() {
        return stores;
    }

    Outbound outbound() {
        return outbound;
    }

    /**
     * Sends a request to a route's upstream: over the pooled HTTP/1.1 client, or {@code java.net.http} for a TLS
     * cluster. Never completes exceptionally.
     */
    java.util.concurrent.CompletableFuture<Outbound.Result> forward(GatewayConfig.ClusterAddress address,
            io.wasmjava.core.Headers headers, byte[] body, long timeoutMillis) {
        return address.tls() ? outbound.send(address, headers, body, timeoutMillis)
                : upstream.send(address, headers, body, timeoutMillis);
    }

    RedisLinks redis() {
        return redis;
    }

    ExecutorService io() {
        return io;
    }

    List<Worker> workers() {
        return workers;
    }

    /** Stops listening, answers what is in flight with 500, closes the VMs and connections. Idempotent. */
    @Override
    public void close() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        if (admin != null) {
            admin.close();
            admin = null;
        }
        for (Worker worker : workers) {
            worker.close();
        }
        workers.clear();
        redis.close();
        upstream.close();
        io.shutdownNow();
        if (log.isEnabled(LogLevel.DEBUG)) {
            log.debug("gateway", "stopped");
        }
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
