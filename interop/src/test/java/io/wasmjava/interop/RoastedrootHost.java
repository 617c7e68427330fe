package io.wasmjava.interop;

import com.dylibso.chicory.wasm.Parser;
import io.roastedroot.proxywasm.LogLevel;
import io.roastedroot.proxywasm.MetricType;
import io.roastedroot.proxywasm.MetricsHandler;
import io.roastedroot.proxywasm.QueueName;
import io.roastedroot.proxywasm.SharedData;
import io.roastedroot.proxywasm.SharedDataHandler;
import io.roastedroot.proxywasm.SimpleMetricsHandler;
import io.roastedroot.proxywasm.SimpleSharedQueueHandler;
import io.roastedroot.proxywasm.StartException;
import io.roastedroot.proxywasm.WasmException;
import io.roastedroot.proxywasm.internal.Action;
import io.roastedroot.proxywasm.internal.ArrayProxyMap;
import io.roastedroot.proxywasm.internal.Handler;
import io.roastedroot.proxywasm.internal.HttpContext;
import io.roastedroot.proxywasm.internal.ProxyMap;
import io.roastedroot.proxywasm.internal.ProxyWasm;
import io.roastedroot.proxywasm.internal.StreamType;
import io.roastedroot.proxywasm.internal.WasmResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a compiled plugin through io.roastedroot:proxy-wasm-java-host's low-level API: an independent proxy-wasm
 * host on its own Chicory version, so passing here means our modules follow the ABI rather than our own host's
 * reading of it. Requests run strictly one after another (that host tracks a single active context).
 */
final class RoastedrootHost implements AutoCloseable {
    final List<String> logs;
    private final ProxyWasm proxyWasm;

    private RoastedrootHost(ProxyWasm proxyWasm, List<String> logs) {
        this.proxyWasm = proxyWasm;
        this.logs = logs;
    }

    static Path module(String relativePath) {
        Path path = Path.of(relativePath);
        if (!Files.exists(path)) {
            throw new IllegalStateException(path.toAbsolutePath() + " is missing: build it with `mvn package`"
                    + " (TeaVM writes it in process-classes)");
        }
        return path;
    }

    /** Instantiates and configures the module; throws {@link StartException} when configure fails. */
    static RoastedrootHost start(Path wasm, String pluginConfig) throws StartException {
        return start(wasm, pluginConfig, new ArrayList<>());
    }

    /** Like {@link #start(Path, String)}, writing the plugin's log lines to {@code logs} from the first one on. */
    static RoastedrootHost start(Path wasm, String pluginConfig, List<String> logs) throws StartException {
        return start(wasm, pluginConfig, logs, SharedDataHandler.DEFAULT);
    }

    /**
     * Like {@link #start(Path, String, List)}, with shared data served by {@code sharedData}: hosts started with the
     * same handler share it, as two VMs of one process. The default handler answers {@code UNIMPLEMENTED}.
     */
    static RoastedrootHost start(Path wasm, String pluginConfig, List<String> logs, SharedDataHandler sharedData)
            throws StartException {
        RootHandler root = new RootHandler(pluginConfig, logs, sharedData);
        return new RoastedrootHost(ProxyWasm.builder().withPluginHandler(root).build(Parser.parse(wasm)), logs);
    }

    /** Sends request headers through the plugin and completes the stream. */
    Exchange request(String... headerNamesAndValues) {
        Exchange exchange = new Exchange(ProxyMap.of(headerNamesAndValues), proxyWasm.getPluginHandler());
        HttpContext context = proxyWasm.createHttpContext(exchange);
        exchange.action = context.callOnRequestHeaders(true);
        context.close();
        return exchange;
    }

    /** Delivers {@code proxy_on_queue_ready} for {@code queueId} to the root context, as the host posts it. */
    void sendOnQueueReady(int queueId) {
        proxyWasm.sendOnQueueReady(queueId);
    }

    @Override
    public void close() {
        proxyWasm.close();
    }

    /** A handler whose metric calls go to {@link #metrics()}: metrics are the host's, whichever context calls. */
    interface MetricsTo extends MetricsHandler {
        MetricsHandler metrics();

        @Override
        default int defineMetric(MetricType type, String name) throws WasmException {
            return metrics().defineMetric(type, name);
        }

        @Override
        default WasmResult incrementMetric(int metricId, long offset) {
            return metrics().incrementMetric(metricId, offset);
        }

        @Override
        default WasmResult recordMetric(int metricId, long value) {
            return metrics().recordMetric(metricId, value);
        }

        @Override
        default long getMetric(int metricId) throws WasmException {
            return metrics().getMetric(metricId);
        }
    }

    /** What one request did. */
    static final class Exchange implements Handler, MetricsTo, VmQueues {
        final ProxyMap requestHeaders;
        final List<Action> resumes = new ArrayList<>();
        /** The VM's root handler ({@link #start} builds every VM on one), whose metrics and queues are the VM's. */
        private final RootHandler root;
        Action action;
        int localStatus = -1;
        byte[] localBody;
        ProxyMap localHeaders;

        Exchange(ProxyMap requestHeaders, Handler root) {
            this.requestHeaders = new ArrayProxyMap(requestHeaders);
            this.root = (RootHandler) root;
        }

        @Override
        public MetricsHandler metrics() {
            return root.metrics();
        }

        @Override
        public SimpleSharedQueueHandler queues() {
            return root.queues();
        }

        String localBodyText() {
            return localBody == null ? null : new String(localBody, StandardCharsets.UTF_8);
        }

        @Override
        public ProxyMap getHttpRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public WasmResult sendHttpResponse(int status, byte[] details, byte[] body, ProxyMap headers,
                int grpcStatus) {
            localStatus = status;
            localBody = body;
            localHeaders = headers;
            return WasmResult.OK;
        }

        @Override
        public WasmResult setAction(StreamType streamType, Action action) {
            resumes.add(action);
            return WasmResult.OK;
        }

        @Override
        public void log(LogLevel level, String message) throws WasmException {
            root.log(level, message);
        }

        @Override
        public LogLevel getLogLevel() {
            return LogLevel.TRACE;
        }

        @Override
        public SharedData getSharedData(String key) throws WasmException {
            return root.getSharedData(key);
        }

        @Override
        public WasmResult setSharedData(String key, byte[] value, int cas) {
            return root.setSharedData(key, value, cas);
        }
    }

    /** The plugin's root context: its configuration, and its log lines into {@code logs}. */
    static class RootHandler implements Handler, MetricsTo, VmQueues {
        private final byte[] config;
        private final List<String> logs;
        private final SharedDataHandler sharedData;
        /** That host's own metrics (define gives a new id and value per call; get writes 32 bits). */
        private final SimpleMetricsHandler metrics = new SimpleMetricsHandler();

        /** The host's own queue store (register, resolve, enqueue, dequeue with its statuses). */
        private final SimpleSharedQueueHandler queues = new SimpleSharedQueueHandler();

        @Override
        public MetricsHandler metrics() {
            return metrics;
        }

        @Override
        public SimpleSharedQueueHandler queues() {
            return queues;
        }

        RootHandler(String config, List<String> logs) {
            this(config, logs, SharedDataHandler.DEFAULT);
        }

        RootHandler(String config, List<String> logs, SharedDataHandler sharedData) {
            this.config = config == null ? null : config.getBytes(StandardCharsets.UTF_8);
            this.logs = logs;
            this.sharedData = sharedData;
        }

        @Override
        public SharedData getSharedData(String key) throws WasmException {
            return sharedData.getSharedData(key);
        }

        @Override
        public WasmResult setSharedData(String key, byte[] value, int cas) {
            return sharedData.setSharedData(key, value, cas);
        }

        @Override
        public byte[] getPluginConfig() {
            return config;
        }

        @Override
        public byte[] getVmConfig() {
            return null;
        }

        @Override
        public void log(LogLevel level, String message) {
            logs.add(level + " " + message);
        }

        @Override
        public LogLevel getLogLevel() {
            return LogLevel.TRACE;
        }
    }

    /**
     * Shared queues belong to the VM, not to a context: every context's handler answers from the root's store. The
     * host names a queue by the VM id it reads from property {@code vm_id}; Higress sets none, so it is empty.
     */
    interface VmQueues extends Handler {
        /** The VM's queue store. */
        SimpleSharedQueueHandler queues();

        @Override
        default byte[] getProperty(List<String> path) throws WasmException {
            return path.equals(List.of("vm_id")) ? new byte[0] : Handler.super.getProperty(path);
        }

        @Override
        default int registerSharedQueue(QueueName name) throws WasmException {
            return queues().registerSharedQueue(name);
        }

        @Override
        default int resolveSharedQueue(QueueName name) throws WasmException {
            return queues().resolveSharedQueue(name);
        }

        @Override
        default WasmResult enqueueSharedQueue(int queueId, byte[] data) {
            return queues().enqueueSharedQueue(queueId, data);
        }

        @Override
        default byte[] dequeueSharedQueue(int queueId) throws WasmException {
            return queues().dequeueSharedQueue(queueId);
        }
    }
}
