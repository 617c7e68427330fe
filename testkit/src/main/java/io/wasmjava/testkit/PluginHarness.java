package io.wasmjava.testkit;

import io.wasmjava.core.LogLevel;
import io.wasmjava.host.HostEmulator;
import io.wasmjava.host.HostOptions;
import io.wasmjava.host.MetricStore;
import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.host.PluginEngine;
import io.wasmjava.host.PluginInstance;
import io.wasmjava.host.ProcessStores;
import io.wasmjava.host.RedisBridge;
import io.wasmjava.host.SharedDataStore;
import io.wasmjava.host.SharedQueueStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Drives one plugin instance through test scenarios the way Envoy would, with the test as the event loop: the test
 * sends request and response phases, reads what the plugin did, and answers the plugin's HTTP and Redis calls itself,
 * in any order. The same scenario runs on either engine ({@link Engines#jvm} or {@link Engines#wasm}), so one scenario
 * class can check both the Java code and the compiled module. Everything it does is {@link PluginInstance}'s; this
 * class adds the test-friendly {@link Builder}.
 *
 * <pre>{@code
 * try (PluginHarness harness = PluginHarness.builder(Engines.jvm(MyPlugin.definition()))
 *         .config("{\"mockEnable\": true}")
 *         .build()) {
 *     assertThat(harness.start()).isTrue();
 *     HttpStream stream = harness.newStream();
 *     assertThat(stream.requestHeaders(Headers.of(":path", "/"), true)).isEqualTo(HeaderStatus.CONTINUE);
 *     assertThat(stream.localResponse()).isEqualTo(LocalResponse.of(200, Headers.empty(), "hello world"));
 *     stream.complete();
 * }
 * }</pre>
 *
 * <p>Host-side problems make the method that triggered them throw {@link io.wasmjava.host.HostProblemException}; a
 * trap in the module throws {@link io.wasmjava.host.WasmTrapException}. Not thread-safe.
 */
public final class PluginHarness extends PluginInstance {
    private PluginHarness(PluginEngine.Factory engine, HostEmulator host, byte[] configuration) {
        super(engine, host, configuration);
    }

    /**
     * Starts a builder for a harness running on {@code engine}.
     *
     * @throws NullPointerException if {@code engine} is null
     */
    public static Builder builder(PluginEngine.Factory engine) {
        return new Builder(Objects.requireNonNull(engine, "engine"));
    }

    /** Configures a {@link PluginHarness}. Every setting is optional. */
    public static final class Builder {
        private final PluginEngine.Factory engine;
        private byte[] configuration = new byte[0];
        /** What the settings do to the new host, in the order they were made: a later one wins. */
        private final List<Consumer<HostEmulator>> hostSetup = new ArrayList<>();
        private boolean retainHistory = true;
        private SharedDataStore sharedData;
        private SharedQueueStore sharedQueues;
        private MetricStore metrics;

        private Builder(PluginEngine.Factory engine) {
            this.engine = engine;
        }

        private Builder onHost(Consumer<HostEmulator> setting) {
            hostSetup.add(setting);
            return this;
        }

        /** The plugin configuration JSON passed to {@code proxy_on_configure}; empty (no configuration) by default. */
        public Builder config(String json) {
            this.configuration = Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * The plugin configuration as raw bytes, for inputs a JSON string cannot carry (invalid UTF-8, a byte order
         * mark, binary garbage).
         */
        public Builder configBytes(byte[] bytes) {
            this.configuration = Objects.requireNonNull(bytes, "bytes").clone();
            return this;
        }

        /** The VM configuration passed to {@code proxy_on_vm_start}; empty by default. */
        public Builder vmConfig(String configuration) {
            byte[] bytes = Objects.requireNonNull(configuration, "configuration").getBytes(StandardCharsets.UTF_8);
            return onHost(host -> host.setVmConfiguration(bytes));
        }

        /**
         * Sets a host-wide property, added to (or replacing) {@link HostEmulator#DEFAULT_PROPERTIES}; a null value
         * removes it.
         */
        public Builder property(String name, String value) {
            return property(List.of(name), value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        /** Sets a host-wide property at a multi-segment path; a null value removes it. */
        public Builder property(List<String> path, byte[] value) {
            List<String> copy = List.copyOf(path);
            byte[] bytes = value == null ? null : value.clone();
            return onHost(host -> host.setHostProperty(copy, bytes));
        }

        /** The host's log level; TRACE (everything) by default. */
        public Builder logLevel(LogLevel level) {
            Objects.requireNonNull(level, "level");
            return onHost(host -> host.setLogLevel(level));
        }

        /** Registers a foreign function for {@code proxy_call_foreign_function}. */
        public Builder foreignFunction(String name, Function<byte[], byte[]> function) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(function, "function");
            return onHost(host -> host.registerForeignFunction(name, function));
        }

        /**
         * Leaves foreign function {@code name} out of the host, as a host without it (e.g. {@code get_log_level},
         * which the test host registers like Higress's, on plain Envoy): calls answer {@code NOT_FOUND}.
         */
        public Builder withoutForeignFunction(String name) {
            Objects.requireNonNull(name, "name");
            return onHost(host -> host.removeForeignFunction(name));
        }

        /**
         * Limits HTTP and Redis calls to these clusters; others fail with {@code BAD_ARGUMENT} as in Envoy. By
         * default every cluster is accepted.
         */
        public Builder knownClusters(String... clusters) {
            List<String> known = List.of(clusters);
            return onHost(host -> host.setKnownClusters(known));
        }

        /**
         * Lets the test forward Redis calls to real servers ({@link PluginHarness#flushRedis()},
         * {@link PendingRedisCall#forwardToRedis()}) for the clusters {@code bridge} routes; init then connects to
         * the server. None by default: the test answers every Redis call itself.
         */
        public Builder redisBridge(RedisBridge bridge) {
            Objects.requireNonNull(bridge, "bridge");
            return onHost(host -> host.setRedisBridge(bridge));
        }

        /**
         * With false, neither the harness ({@link PluginHarness#streams()}) nor its host keep completed streams and
         * other history only tests look at (see {@link HostOptions#retainHistory}), so a harness can serve
         * traffic for as long as a server runs. True by default.
         */
        public Builder retainHistory(boolean retainHistory) {
            this.retainHistory = retainHistory;
            return this;
        }

        /**
         * Makes the plugin's metrics land in {@code store}: harnesses built with one store are VMs of one gateway
         * process, whose metrics add up as Envoy's worker VMs' do. Each harness has a store of its own by default.
         */
        public Builder metricStore(MetricStore store) {
            this.metrics = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Serves shared data from {@code store}: harnesses built with the same store share it, as the VMs of one Envoy
         * process (its workers, and on Higress every plugin) do, so a test can run two VMs of a plugin, in either
         * mode, against one store. By default each harness has a store of its own. Each harness keeps its own clock:
         * move them together ({@link PluginHarness#advanceTime}).
         */
        public Builder sharedData(SharedDataStore store) {
            this.sharedData = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Serves shared queues from {@code store}: harnesses built with the same store are VMs of one Envoy process,
         * so one can resolve and enqueue to a queue another registered, and the registrant hears of it on its next
         * {@link PluginHarness#deliverQueueReady()}. By default each harness has a store of its own.
         */
        public Builder sharedQueues(SharedQueueStore store) {
            this.sharedQueues = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Where the host clock starts; {@link HostEmulator#DEFAULT_START_TIME} by default. */
        public Builder startTime(Instant instant) {
            Objects.requireNonNull(instant, "instant");
            return onHost(host -> host.setTime(instant));
        }

        /** The plugin configuration as text (invalid UTF-8 replaced), for messages about a failed start. */
        String configurationText() {
            return new String(configuration, StandardCharsets.UTF_8);
        }

        /**
         * Creates the emulated host and the plugin instance (for a Wasm module: instantiates it and runs
         * {@code _start}). Call {@link PluginHarness#start()} next.
         *
         * @throws IllegalStateException if the engine cannot create the instance
         */
        public PluginHarness build() {
            HostOptions options = HostOptions.TEST.withRetainHistory(retainHistory);
            HostEmulator host = new HostEmulator(options, new ProcessStores(
                    sharedData == null ? new SharedDataStore() : sharedData,
                    sharedQueues == null ? new SharedQueueStore() : sharedQueues,
                    metrics == null ? new MetricStore() : metrics));
            for (Consumer<HostEmulator> setting : hostSetup) {
                setting.accept(host);
            }
            return new PluginHarness(engine, host, configuration);
        }
    }
}
