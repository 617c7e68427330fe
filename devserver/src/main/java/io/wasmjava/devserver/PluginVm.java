package io.wasmjava.devserver;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.devserver.GatewayConfig.ClusterAddress;
import io.wasmjava.devserver.GatewayConfig.PluginSpec;
import io.wasmjava.host.CalloutListener;
import io.wasmjava.host.HostEmulator;
import io.wasmjava.host.HostOptions;
import io.wasmjava.host.HttpCallout;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LogRecord;
import io.wasmjava.host.PendingHttpCall;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.host.PluginInstance;
import io.wasmjava.host.RedisCallout;
import io.wasmjava.host.RedisInit;
import io.wasmjava.host.WasmEngine;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

/**
 * One plugin's VM on one worker: the compiled module on the gateway's engine (on V8, an isolate of its own), driven
 * as a {@link PluginInstance} over its own {@link HostEmulator} (but the gateway's one shared-data store and one
 * shared-queue store), whose clock is the real one and whose callouts go to real services. Created, used and closed
 * on its worker's thread only, as a Wasm VM is confined to an Envoy worker.
 *
 * <p>Every call into the plugin goes through {@link #call}: a trap, or anything else thrown while the plugin runs,
 * marks the VM failed and surfaces as a {@link PluginFailure}; the worker then replaces the VM.
 */
final class PluginVm implements CalloutListener {
    /**
     * The linear-memory size past which Envoy rebuilds a VM unasked: runtime key
     * {@code envoy.wasm.reclaim.memory_threshold_bytes}, default 800 MiB (higress-group/envoy {@code wasm.cc}
     * {@code PluginHandleSharedPtrThreadLocal::onReclaimTimer}).
     */
    static final long REBUILD_MEMORY_THRESHOLD_BYTES = 800L * 1024 * 1024;
    private static final long MEMORY_CHECK_INTERVAL_NANOS = 1_000_000_000L;

    /** Why a VM is rebuilt, named as Envoy's counters {@code rebuild_explicit_total} and {@code rebuild_memory_total}. */
    enum RebuildReason {
        EXPLICIT, MEMORY;

        String statName() {
            return "rebuild_" + name().toLowerCase(Locale.ROOT) + "_total";
        }
    }

    final Worker worker;
    final int index;
    final PluginSpec spec;
    final int generation;
    private final PluginInstance harness;
    private final String logSource;
    private final Map<String, RedisInit> redisInits = new HashMap<>();
    private boolean failed;
    private boolean closed;
    private long memoryCheckedNanos = System.nanoTime();
    private int tickPeriodMillis;
    private ScheduledFuture<?> ticks;

    private PluginVm(Worker worker, int index, PluginSpec spec, int generation) {
        this.worker = worker;
        this.index = index;
        this.spec = spec;
        this.generation = generation;
        this.logSource = logSource(spec, worker.id);
        Gateway gateway = worker.gateway;
        HostEmulator host = new HostEmulator(HostOptions.serving(this::pluginLog,
                problem -> gateway.log().warn(logSource, "host call failed: " + problem), InstantSource.system(),
                gateway.clusters()::knows, this), gateway.stores());
        // Another worker's enqueue tells us on its thread; the plugin hears of it on ours, as Envoy posts
        // proxy_on_queue_ready to the registrant's dispatcher.
        host.setQueueReadyListener(() -> worker.post(this::deliverQueueReady));
        host.setLogLevel(gateway.log().level());
        host.setVmConfiguration(spec.vmConfiguration().getBytes(StandardCharsets.UTF_8));
        this.harness = new PluginInstance(WasmEngine.factory(spec.wasm(), gateway.config().engine()), host,
                spec.configuration().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates the VM and starts the plugin ({@code proxy_on_vm_start}, {@code proxy_on_configure}); call on the
     * worker's thread.
     *
     * @throws IllegalStateException if the module cannot be loaded, traps while starting, or rejects its
     *     configuration
     */
    static PluginVm start(Worker worker, int index, PluginSpec spec, int generation) {
        PluginVm vm = new PluginVm(worker, index, spec, generation);
        boolean started;
        try {
            started = vm.harness.start();
        } catch (RuntimeException e) {
            vm.close();
            throw new IllegalStateException("plugin " + spec.name() + " failed to start: " + e.getMessage(), e);
        }
        if (!started) {
            vm.close();
            throw new IllegalStateException("plugin " + spec.name() + " rejected its configuration "
                    + "(proxy_on_configure returned false); its log above says why");
        }
        vm.checkTicks();
        return vm;
    }

    private void pluginLog(LogRecord record) {
        worker.gateway.log().log(record.level(), logSource, record.message());
    }

    boolean isFailed() {
        return failed;
    }

    /**
     * Why this VM should be replaced now, or null: the plugin set {@code wasm_need_rebuild} to {@code true}, or
     * (looked at once a second, as Envoy's reclaim timer does) its memory passed
     * {@link #REBUILD_MEMORY_THRESHOLD_BYTES}.
     */
    RebuildReason rebuildReason() {
        if (failed || closed) {
            return null;
        }
        if (harness.host().rebuildRequests() > 0) {
            return RebuildReason.EXPLICIT;
        }
        long now = System.nanoTime();
        if (now - memoryCheckedNanos >= MEMORY_CHECK_INTERVAL_NANOS) {
            memoryCheckedNanos = now;
            if (harness.engine().memoryBytes() > REBUILD_MEMORY_THRESHOLD_BYTES) {
                return RebuildReason.MEMORY;
            }
        }
        return null;
    }

    /** The source of the gateway's log lines about {@code spec}'s VM on worker {@code workerId}. */
    static String logSource(PluginSpec spec, int workerId) {
        return "wasm " + spec.name() + "/w" + workerId;
    }

    /** Stops the ticks of a VM that a rebuild replaced; its requests in flight still finish on it. */
    void retire() {
        stopTicks();
    }

    private void stopTicks() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
    }

    /** Runs {@code action} against the plugin; any failure marks this VM failed. */
    <T> T call(Supplier<T> action) {
        if (failed) {
            throw new PluginFailure(this, "the VM failed earlier");
        }
        try {
            return action.get();
        } catch (PluginFailure e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            failed = true;
            throw new PluginFailure(this, e);
        }
    }

    HttpStream newStream() {
        return call(harness::newStream);
    }

    HeaderStatus requestHeaders(HttpStream stream, Headers headers, boolean endOfStream) {
        return call(() -> stream.requestHeaders(headers, endOfStream));
    }

    DataStatus requestBody(HttpStream stream, byte[] body, boolean endOfStream) {
        return call(() -> stream.requestBody(body, endOfStream));
    }

    HeaderStatus responseHeaders(HttpStream stream, Headers headers, boolean endOfStream) {
        return call(() -> stream.responseHeaders(headers, endOfStream));
    }

    DataStatus responseBody(HttpStream stream, byte[] body, boolean endOfStream) {
        return call(() -> stream.responseBody(body, endOfStream));
    }

    void complete(HttpStream stream) {
        call(() -> {
            stream.complete();
            return null;
        });
    }

    // ---- callouts: made inside the plugin's host calls, answered later on the worker ----

    @Override
    public void onHttpCall(HttpCallout call) {
        ClusterAddress address = worker.gateway.clusters().resolve(call.cluster());
        long start = System.nanoTime();
        worker.gateway.outbound().send(address, call.headers(), call.body(), call.timeoutMillis())
                .thenAccept(result -> {
                    GatewayLog log = worker.gateway.log();
                    if (log.isEnabled(LogLevel.INFO)) {
                        log.info("callout", spec.name() + " " + call.cluster() + " " + call.headers().value(":method")
                                + " " + GatewayLog.pathWithoutQuery(String.valueOf(call.headers().value(":path")))
                                + " -> " + describe(result) + " " + DownstreamRequest.millis(start) + "ms");
                    }
                    worker.post(() -> deliverHttp(call.token(), result));
                });
    }

    private static String describe(Outbound.Result result) {
        switch (result.kind()) {
            case RESPONSE:
                return Integer.toString(result.status());
            case LOCAL_REPLY:
                return result.status() + " (" + result.detail() + ")";
            default:
                return "reset, no headers (" + result.detail() + ")";
        }
    }

    private void deliverHttp(int token, Outbound.Result result) {
        if (!isCurrent()) {
            return;
        }
        call(() -> {
            PendingHttpCall pending = harness.pendingHttpCall(token);
            if (pending != null) {
                if (result.kind() == Outbound.Kind.RESET) {
                    pending.reset();
                } else {
                    pending.respond(result.headers(), result.body());
                }
            }
            return null;
        });
    }

    @Override
    public void onRedisInit(RedisInit init) {
        redisInits.put(bare(init.cluster()), init);
    }

    @Override
    public void onRedisCall(RedisCallout call) {
        ClusterAddress address = worker.gateway.clusters().resolve(call.cluster());
        RedisInit init = redisInits.get(bare(call.cluster()));
        long start = System.nanoTime();
        worker.gateway.redis().send(worker.id, address, init, call.query()).whenComplete((reply, failure) -> {
            GatewayLog log = worker.gateway.log();
            if (log.isEnabled(LogLevel.DEBUG)) {
                log.debug("redis", spec.name() + " " + call.cluster() + " -> "
                        + (failure == null ? replyKind(reply) : "failed (" + failure.getMessage() + ")") + " "
                        + DownstreamRequest.millis(start) + "ms");
            } else if (failure != null) {
                log.warn("redis", spec.name() + " " + call.cluster() + " -> failed (" + failure.getMessage() + ")");
            }
            worker.post(() -> deliverRedis(call.token(), failure == null ? reply : null));
        });
    }

    private static String replyKind(byte[] reply) {
        if (reply.length == 0) {
            return "empty reply";
        }
        switch (reply[0]) {
            case '-':
                return "error reply";
            case ':':
                return "integer reply";
            case '$':
                return "bulk reply";
            case '*':
                return "array reply";
            default:
                return "reply";
        }
    }

    private void deliverRedis(int token, byte[] reply) {
        if (!isCurrent()) {
            return;
        }
        call(() -> {
            PendingRedisCall pending = harness.pendingRedisCall(token);
            if (pending != null) {
                if (reply == null) {
                    pending.fail(RedisLinks.NETWORK_ERROR_STATUS);
                } else {
                    pending.reply(reply);
                }
            }
            return null;
        });
    }

    // ---- shared queues ----

    /**
     * Delivers the {@code proxy_on_queue_ready} notifications posted to this VM, on its worker's thread. A VM that
     * failed meanwhile drops them; the entries stay queued for the VM that registers the queue next.
     */
    private void deliverQueueReady() {
        if (isCurrent()) {
            call(harness::deliverQueueReady);
        }
    }

    // ---- ticks ----

    /** (Re)schedules {@code proxy_on_tick} if the plugin changed its tick period. */
    void checkTicks() {
        if (failed) {
            return;
        }
        int period = harness.tickPeriodMillis();
        if (period == tickPeriodMillis) {
            return;
        }
        tickPeriodMillis = period;
        stopTicks();
        if (period > 0) {
            ticks = worker.scheduleAtFixedRate(() -> {
                if (isCurrent()) {
                    call(harness::tick);
                }
            }, period);
        }
    }

    private static String bare(String cluster) {
        int question = cluster.indexOf('?');
        return question < 0 ? cluster : cluster.substring(0, question);
    }

    /** True until the VM fails or closes: a VM a rebuild replaced still gets its callouts' answers. */
    private boolean isCurrent() {
        return !failed && !closed;
    }

    void close() {
        closed = true;
        stopTicks();
        try {
            harness.close();
        } catch (RuntimeException e) {
            // Closing a failed instance: nothing more to release.
        }
    }

    @Override
    public String toString() {
        return "plugin " + spec.name() + " (worker " + worker.id + ", VM " + generation + ")";
    }
}
