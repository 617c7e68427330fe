package io.wasmjava.devserver;

import io.wasmjava.core.Headers;
import io.wasmjava.devserver.GatewayConfig.PluginSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 */
final class Worker {
    final Gateway gateway;
    final int id;
    private final ScheduledThreadPoolExecutor executor;
    private final PluginVm[] chain;
    private final Set<GatewayStream> active = new LinkedHashSet<>();

    Worker(Gateway gateway, int id) {
        this.gateway = gateway;
        this.id = id;
        this.executor = new ScheduledThreadPoolExecutor(1, Gateway.daemonThreads("devserver-worker-" + id));
        this.executor.setRemoveOnCancelPolicy(true);
        this.chain = new PluginVm[gateway.config().plugins().size()];
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

    PluginVm vm(int index) {
        return chain[index];
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

    /** Replaces a failed VM: its requests get 500, new requests get a fresh instance. */
    void recover(PluginFailure failure) {
        PluginVm vm = failure.vm;
        if (chain[vm.index] != vm) {
            return;
        }
        Throwable cause = failure.getCause() == null ? failure : failure.getCause();
        gateway.log().error("wasm " + vm.spec.name() + "/w" + id, vm + " failed, re-creating it: " + cause.getMessage());
        vm.close();
        chain[vm.index] = null;
        for (GatewayStream stream : new ArrayList<>(active)) {
            if (stream.uses(vm)) {
                stream.failPlugin(vm);
            }
        }
        try {
            chain[vm.index] = PluginVm.start(this, vm.index, vm.spec, vm.generation + 1);
        } catch (RuntimeException e) {
            gateway.log().error("wasm " + vm.spec.name() + "/w" + id, "cannot re-create the VM: " + e.getMessage()
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
                    gateway.log().error("wasm " + plugins.get(i).name() + "/w" + id, "cannot create the VM: "
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
                for (PluginVm vm : chain) {
                    if (vm != null) {
                        vm.close();
                    }
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing anyway.
        }
        executor.shutdownNow();
    }
}
