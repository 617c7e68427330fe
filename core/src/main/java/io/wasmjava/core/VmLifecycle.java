package io.wasmjava.core;

import io.wasmjava.core.host.HostStatusException;

/**
 * What a plugin asks of its VM's lifecycle, as Higress's {@code WithRebuildAfterRequests},
 * {@code WithRebuildMaxMemBytes} and {@code WithMaxRequestsPerIoCycle} do (higress-group/wasm-go
 * {@code pkg/wrapper/plugin_wrapper.go:435-504, 662-676, 1036-1064}). Set through {@link Plugin.Builder}; immutable.
 *
 * <ul>
 *   <li><b>Rebuild after requests:</b> every request (matched by a rule or not) counts; at the {@code n}th the VM
 *       asks the host to rebuild it (property {@code wasm_need_rebuild} = {@code true}) and counts from 0 again. The
 *       count is per VM: a rebuilt VM starts at 0.</li>
 *   <li><b>Rebuild at a memory size:</b> at every request the VM reads property {@code plugin_vm_memory} (an 8-byte
 *       little-endian count of the VM's linear-memory bytes; any other length is ignored) and asks for a rebuild
 *       when it is at least the limit.</li>
 *   <li><b>Max requests per I/O cycle:</b> at every plugin (re)start, after the start handler, the VM calls Higress's
 *       foreign function {@code set_global_max_requests_per_io_cycle} with the value as an 8-byte little-endian
 *       u64. The setting is global to the gateway: the smallest value any plugin sets wins. A host without the
 *       function gets a warning and the plugin starts anyway.</li>
 * </ul>
 *
 * <p>Only Higress's Envoy acts on these (its VM reclaim, at most one rebuild per second per VM); on other hosts the
 * property is inert. Shared data and metrics survive a rebuild; VM memory (caches, counters) does not.
 *
 * <p>It runs as two handlers the builder composes where an option is set ({@link Plugin#pluginStartHandler()} and
 * {@link Plugin#requestStartHandler()}), so that TeaVM links none of it into a module that sets no option.
 *
 * @param rebuildAfterRequests requests after which the VM asks for a rebuild; 0 if not set
 * @param rebuildMaxMemoryBytes VM memory size at which the VM asks for a rebuild; 0 if not set
 * @param maxRequestsPerIoCycle the per-I/O-cycle request limit asked of the host; 0 if not set
 */
record VmLifecycle(long rebuildAfterRequests, long rebuildMaxMemoryBytes, long maxRequestsPerIoCycle) {
    static final String NEED_REBUILD_PROPERTY = "wasm_need_rebuild";
    static final String VM_MEMORY_PROPERTY = "plugin_vm_memory";
    static final String MAX_REQUESTS_FUNCTION = "set_global_max_requests_per_io_cycle";
    /** The plugin attribute counting requests since the last rebuild request. */
    private static final String REQUEST_COUNT_KEY = "io.wasmjava.core.VmLifecycle.requests";
    private static final byte[] TRUE = Utf8.encode("true");

    /** Options with none set (the starting point of the builder methods). */
    static VmLifecycle none() {
        return new VmLifecycle(0, 0, 0);
    }

    VmLifecycle withRebuildAfterRequests(long requests) {
        return new VmLifecycle(positive(requests, "requests"), rebuildMaxMemoryBytes, maxRequestsPerIoCycle);
    }

    VmLifecycle withRebuildMaxMemoryBytes(long bytes) {
        return new VmLifecycle(rebuildAfterRequests, positive(bytes, "bytes"), maxRequestsPerIoCycle);
    }

    VmLifecycle withMaxRequestsPerIoCycle(long requests) {
        return new VmLifecycle(rebuildAfterRequests, rebuildMaxMemoryBytes, positive(requests, "requests"));
    }

    private static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
        return value;
    }

    /** Runs at each plugin (re)start, after the {@link Plugin.Builder#onPluginStart} handler. */
    void onPluginStart(PluginContext plugin) {
        if (maxRequestsPerIoCycle <= 0) {
            return;
        }
        byte[] argument = new byte[8];
        for (int i = 0; i < 8; i++) {
            argument[i] = (byte) (maxRequestsPerIoCycle >>> (8 * i));
        }
        try {
            plugin.callForeignFunction(MAX_REQUESTS_FUNCTION, argument);
        } catch (UnknownForeignFunctionException | HostStatusException e) {
            // Higress starts the plugin anyway (plugin_wrapper.go:669-676).
            plugin.log().warn("set global max requests per IO cycle failed: " + e.getMessage());
            return;
        }
        plugin.log().info("set global max requests per IO cycle to " + maxRequestsPerIoCycle);
    }

    /**
     * Runs at the start of every request's header phase, before rule matching (as a
     * {@link Plugin#requestStartHandler()}); always continues.
     */
    HeaderStatus onRequestStart(HttpContext http) {
        PluginContext plugin = http.plugin();
        if (rebuildAfterRequests > 0) {
            // Per root context, which is per VM in Higress; a rebuilt VM starts at 0.
            Long counted = (Long) plugin.attribute(REQUEST_COUNT_KEY);
            long count = counted == null ? 1 : counted + 1;
            if (count >= rebuildAfterRequests) {
                requestRebuild(http, "Plugin reached rebuild threshold after " + count + " requests");
                count = 0;
            }
            plugin.setAttribute(REQUEST_COUNT_KEY, count);
        }
        if (rebuildMaxMemoryBytes > 0) {
            byte[] size;
            try {
                size = http.property(VM_MEMORY_PROPERTY);
            } catch (HostStatusException e) {
                size = null;
            }
            if (size == null) {
                plugin.log().debug("Failed to get VM memory: property " + VM_MEMORY_PROPERTY + " not available");
            } else if (size.length == 8) {
                long bytes = 0;
                for (int i = 7; i >= 0; i--) {
                    bytes = bytes << 8 | (size[i] & 0xFF);
                }
                if (Long.compareUnsigned(bytes, rebuildMaxMemoryBytes) >= 0) {
                    requestRebuild(http, "Plugin reached rebuild memory threshold: " + Long.toUnsignedString(bytes)
                            + " bytes");
                }
            }
        }
        return HeaderStatus.CONTINUE;
    }

    private static void requestRebuild(HttpContext http, String reason) {
        try {
            http.setProperty(TRUE, NEED_REBUILD_PROPERTY);
            http.plugin().log().debug(reason + ", rebuild flag set");
        } catch (HostStatusException e) {
            // Higress ignores the status too: a host without the hook simply does not rebuild.
            http.plugin().log().debug(reason + ", but the host refused the rebuild flag: " + e.getMessage());
        }
    }
}
