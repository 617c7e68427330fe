package io.wasmjava.core;

import io.wasmjava.core.metrics.Metrics;
import io.wasmjava.core.shared.SharedData;

/**
 * The plugin instance (proxy-wasm root context): one per configured plugin in a VM. Lives from the first
 * {@code proxy_on_configure} until the VM is torn down; a reconfiguration keeps the context and replaces the
 * parsed configuration and the tick functions.
 */
public interface PluginContext {
    /** The proxy-wasm root context id. */
    int contextId();

    /** The plugin name given to {@link Plugin#builder(String)}. */
    String pluginName();

    /** The logger with the plugin prefix and no request id. */
    Log log();

    /**
     * Runs {@code task} every {@code periodMillis} (rounded up to the 100 ms host tick), first on the next tick.
     * Ticks registered by a config parser belong to that configuration: each configuration starts with none, as in
     * Higress. Ticks registered at any other time stay for the plugin's lifetime.
     *
     * @throws IllegalArgumentException if {@code periodMillis} is not positive
     */
    void registerTick(long periodMillis, Runnable task);

    /** A plugin-wide attribute set by {@link #setAttribute}, or null. */
    Object attribute(String key);

    /** Stores a plugin-wide attribute; null removes it. */
    void setAttribute(String key, Object value);

    // ---- host properties and foreign functions outside a request ----

    /**
     * A host property as raw bytes, or null if absent: outside a request (at start, in a tick) the plugin-level
     * properties such as {@code plugin_name}, {@code plugin_root_id}, {@code plugin_vm_id}, {@code node.id},
     * {@code node.metadata.<key>}; called during a request it reads as the request sees it (the same
     * plugin-level values, plus the request's own). Reads the host at each call.
     *
     * @throws io.wasmjava.core.host.HostStatusException if the host fails the read for another reason than absence
     */
    byte[] property(String... path);

    /** {@link #property} as UTF-8 text, or null if absent. */
    String propertyString(String... path);

    /**
     * The plugin's name as Envoy knows it (property {@code plugin_name}; in Higress {@code <namespace>.<WasmPlugin
     * name>}), or null. Not {@link #pluginName()}, which is the name given to {@link Plugin#builder}.
     */
    String envoyPluginName();

    /** The Envoy node's id (property {@code node.id}), or null. */
    String nodeId();

    /** A string entry of the Envoy node's metadata (property {@code node.metadata.<key>}), or null. */
    String nodeMetadata(String key);

    /**
     * Calls the host's foreign function {@code name} ({@code proxy_call_foreign_function}) with {@code argument} and
     * returns its result (empty if none; the caller owns it). Some functions act on the context being handled (for
     * example Higress's {@code inject_encoded_data_to_filter_chain_on_header} on the current request), so call them
     * from that request's handler or callback.
     *
     * @throws UnknownForeignFunctionException if the host has no function of that name (plain Envoy lacks Higress's)
     * @throws io.wasmjava.core.host.HostStatusException if the function or the call failed otherwise
     * @throws IllegalArgumentException if {@code name} is null or empty or {@code argument} is null
     */
    byte[] callForeignFunction(String name, byte[] argument);

    /** Host wall-clock time in milliseconds since the epoch. */
    long currentTimeMillis();

    /**
     * Runs {@code task} once the host callback being handled now has finished its handlers, before control returns
     * to the host; outside a host callback, runs it at once. Used by {@link Promise} to report failures nobody
     * handled.
     */
    void runAfterCallback(Runnable task);

    /**
     * Registers the shared queue {@code name} of this VM id ({@code proxy_register_shared_queue}) and makes
     * {@code listener} the one told when it has data ({@code proxy_on_queue_ready}). Registering a name again returns
     * the same queue, keeps what it holds and replaces the listener (the host tells the latest registrant).
     *
     * @throws IllegalArgumentException if an argument is null
     * @throws io.wasmjava.core.host.HostStatusException if the host refuses (e.g. {@code UNIMPLEMENTED})
     */
    SharedQueue registerSharedQueue(String name, SharedQueue.Listener listener);

    /**
     * The shared queue {@code name} registered by a VM with VM id {@code vmId} ({@code proxy_resolve_shared_queue};
     * {@code ""} is this VM's own id, which is what Higress plugins use), or null if none is registered.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    SharedQueue resolveSharedQueue(String vmId, String name);

    /**
     * Asynchronous host calls for client libraries (HTTP, Redis). Plugin code uses the clients instead.
     */
    Callouts callouts();

    /**
     * This VM's metrics: counters, gauges and histograms by name, each defined with the host once per VM. Define the
     * ones a plugin always uses in its config parser or {@code onPluginStart} and keep them in the configuration;
     * asking by name per request works too (a map lookup). See {@link Metrics}.
     */
    Metrics metrics();

    /**
     * The store shared by every VM of the gateway process (and, on Higress, every plugin): values with
     * compare-and-set, see {@link SharedData} for Envoy's semantics. From a request: {@code http.plugin().sharedData()}.
     */
    SharedData sharedData();
}
