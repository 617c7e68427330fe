package io.wasmjava.devserver;

import io.wasmjava.core.Headers;
import io.wasmjava.devserver.GatewayConfig.PluginSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One worker, as Envoy has one per core: a single thread that owns one VM per plugin and runs every plugin call of
 * the requests assigned to it. Nothing on this thread blocks. A request that a plugin pauses stays in
 * {@link #active} and costs the thread nothing; the callout's I/O completes on other threads and
 * {@linkplain #post posts} the answer back here, where it is delivered to the plugin, after which every paused
 * request is checked for a resume or a local response.
 *
 * <p>If a VM fails (a trap), its requests are answered 500 and a new VM takes its place before the next task.
 *
 * <p>A VM is rebuilt, as Higress's Envoy rebuilds it, when the plugin sets {@code wasm_need_rebuild} or its memory
 * passes Envoy's threshold ({@link PluginVm#rebuildReason()}): at the end of the task in which that happened, a
 * fresh instance of the same module and configuration takes the VM's place for new requests, while requests in
 * flight (the one that asked included) finish on the old VM (their callouts are still answered to it), which is
 * closed when its last request ends. As in Envoy ({@code PluginHandleSharedPtrThreadLocal::rebuild}), at most one old
 * generation lives per plugin, and rebuilds of one plugin's VM are at least {@link #REBUILD_COOLDOWN_NANOS} apart; a
 * request that waits meanwhile is honoured when the wait ends. Shared data and metrics live in the gateway, so they
 * survive.
 */
final class Worker {
    final Gateway gateway;
    final int id;
    private final ScheduledThreadPoolExecutor executor;
    /** Envoy's {@code kRecoveryGuardInterval}: one second between rebuilds of a VM. */
    static final long REBUILD_COOLDOWN_NANOS = 1_000_000_000L;

    private final PluginVm[] chain;
    /** Per plugin: the VM a rebuild replaced while it still had requests in flight, or null. */
    private final PluginVm[] retiring;
    private final long[] rebuiltNanos;
    private boolean rebuildCheckScheduled;
    private final Set<GatewayStream> active = new LinkedHashSet<>();

    Worker(Gateway gateway, int id) {
        this.gateway = gateway;
        this.id = id;
        this.executor = new ScheduledThreadPoolExecutor(1, Gateway.daemonThreads("devserver-worker-" + id));
        this.executor.setRemoveOnCancelPolicy(true);
        this.chain = new PluginVm[gateway.config().plugins().size()];
        this.retiring = new PluginVm[chain.length];
        this.rebuiltNanos = new long[chain.length];
        Arrays.fill(rebuiltNanos, System.nanoTime() - REBUILD_COOLDOWN_NANOS);
    }

    /**
     * Creates the VMs on the worker's thread and waits for them.
     *
     * @throws IllegalStateException if a plugin cannot start
     */
    void start() {
        try {
            executor.submit(() -> {
                List<PluginSpec> plugins = gateway.config().plugins();
                for (int i = 0; i < plugins.size(); i++) {
                    chain[i] = PluginVm.start(this, i, plugins.get(i), 1);
                }
                return null;
            }).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting worker " + id);
        }
    }

    /** Takes a request read by an I/O thread. */
    void accept(DownstreamRequest request) {
        post(() -> {
            if (!ensureVms()) {
                request.respond(500, Headers.of(":status", "500", "content-type", "text/plain"),
                        "wasm plugin unavailable\n".getBytes(StandardCharsets.UTF_8), "a plugin VM could not be created");
                return;
            }
            GatewayStream stream = new GatewayStream(this, request, chain.clone());
            active.add(stream);
            request.onAbandon(() -> post(stream::abandon));
            stream.start();
        });
    }

    /** Runs {@code task} on the worker's thread, then checks the paused requests. */
    void post(Runnable task) {
        try {
            executor.execute(() -> runTask(task));
        } catch (RejectedExecutionException e) {
            // Shutting down.
        }
    }

    ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long periodMillis) {
        return executor.scheduleAtFixedRate(() -> runTask(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void remove(GatewayStream stream) {
        active.remove(stream);
    }

    /** How many requests are in flight on this worker; read from the worker's thread only (tests post a task). */
    int activeCount() {
        return active.size();
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (PluginFailure failure) {
            recover(failure);
        } catch (RuntimeException | Error e) {
            gateway.log().error("gateway", "worker " + id + ": unexpected " + e);
        }
        pollPaused();
        rebuildVms();
        for (PluginVm vm : chain) {
            if (vm != null && !vm.isFailed()) {
                try {
                    vm.checkTicks();
                } catch (RuntimeException e) {
                    gateway.log().error("gateway", vm + ": cannot schedule ticks: " + e);
                }
            }
        }
    }

    private void pollPaused() {
        if (active.isEmpty()) {
            return;
        }
        for (GatewayStream stream : new ArrayList<>(active)) {
            if (!stream.isPaused()) {
                continue;
            }
            try {
                stream.poll();
            } catch (PluginFailure failure) {
                recover(failure);
            } catch (RuntimeException e) {
                gateway.log().error("gateway", "worker " + id + ": unexpected " + e);
                stream.fail("internal error");
            }
        }
    }

    /** Closes old VMs whose last request ended, and rebuilds the VMs that asked for it (see the class comment). */
    private void rebuildVms() {
        for (int i = 0; i < chain.length; i++) {
            if (retiring[i] != null && !isInUse(retiring[i])) {
                retiring[i].close();
                retiring[i] = null;
            }
            PluginVm vm = chain[i];
            PluginVm.RebuildReason reason = vm == null || retiring[i] != null ? null : vm.rebuildReason();
            if (reason == null) {
                continue;
            }
            long waitNanos = rebuiltNanos[i] + REBUILD_COOLDOWN_NANOS - System.nanoTime();
            if (waitNanos > 0) {
                if (!rebuildCheckScheduled) {
                    rebuildCheckScheduled = true;
                    executor.schedule(() -> runTask(() -> rebuildCheckScheduled = false), waitNanos,
                            TimeUnit.NANOSECONDS);
                }
                continue;
            }
            rebuiltNanos[i] = System.nanoTime();
            rebuild(vm, reason);
        }
    }

    private void rebuild(PluginVm vm, PluginVm.RebuildReason reason) {
        String source = PluginVm.logSource(vm.spec, id);
        PluginVm fresh;
        try {
            fresh = PluginVm.start(this, vm.index, vm.spec, vm.generation + 1);
        } catch (RuntimeException e) {
            gateway.log().error(source, "cannot rebuild " + vm + ", keeping it: " + e.getMessage());
            return;
        }
        chain[vm.index] = fresh;
        vm.retire();
        if (isInUse(vm)) {
            retiring[vm.index] = vm;
        } else {
            vm.close();
        }
        gateway.countRebuild(vm.spec, reason);
        // Higress's Envoy logs "Wasm rebuild flag set by plugin" when a plugin asks (alibaba/higress issue #3920).
        gateway.log().info(source, (reason == PluginVm.RebuildReason.EXPLICIT ? "Wasm rebuild flag set by plugin"
                : "Wasm VM memory above " + PluginVm.REBUILD_MEMORY_THRESHOLD_BYTES + " bytes") + ": VM "
                + vm.generation + " replaced by VM " + fresh.generation);
    }

    private boolean isInUse(PluginVm vm) {
        for (GatewayStream stream : active) {
            if (stream.uses(vm)) {
                return true;
            }
        }
        return false;
    }

    /** Replaces a failed VM: its requests get 500, new requests get a fresh instance (an old generation just goes). */
    void recover(PluginFailure failure) {
        PluginVm vm = failure.vm;
        boolean old = retiring[vm.index] == vm;
        if (chain[vm.index] != vm && !old) {
            return;
        }
        Throwable cause = failure.getCause() == null ? failure : failure.getCause();
        gateway.log().error(PluginVm.logSource(vm.spec, id), vm + " failed" + (old ? "" : ", re-creating it")
                + ": " + cause.getMessage());
        vm.close();
        if (old) {
            retiring[vm.index] = null;
        } else {
            chain[vm.index] = null;
        }
        for (GatewayStream stream : new ArrayList<>(active)) {
            if (stream.uses(vm)) {
                stream.failPlugin(vm);
            }
        }
        if (old) {
            return;
        }
        try {
            chain[vm.index] = PluginVm.start(this, vm.index, vm.spec, vm.generation + 1);
        } catch (RuntimeException e) {
            gateway.log().error(PluginVm.logSource(vm.spec, id), "cannot re-create the VM: " + e.getMessage()
                    + "; requests get 500 until it can be");
        }
    }

    /** True if every plugin has a VM, re-creating any that could not be re-created earlier. */
    private boolean ensureVms() {
        List<PluginSpec> plugins = gateway.config().plugins();
        for (int i = 0; i < chain.length; i++) {
            if (chain[i] == null) {
                try {
                    chain[i] = PluginVm.start(this, i, plugins.get(i), 1);
                } catch (RuntimeException e) {
                    gateway.log().error(PluginVm.logSource(plugins.get(i), id), "cannot create the VM: "
                            + e.getMessage());
                    return false;
                }
            }
        }
        return true;
    }

    /** Stops the thread after closing the VMs (on the thread that owns them). */
    void close() {
        try {
            executor.submit(() -> {
                for (GatewayStream stream : new ArrayList<>(active)) {
                    stream.fail("the gateway is shutting down");
                }
                for (PluginVm[] vms : List.of(chain, retiring)) {
                    for (PluginVm vm : vms) {
                        if (vm != null) {
                            vm.close();
                        }
                    }
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing anyway.
        }
        executor.shutdownNow();
    }
}
