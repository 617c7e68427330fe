package io.wasmjava.core.abi;

import io.wasmjava.core.Plugin;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.WasmPlugin;
import io.wasmjava.core.runtime.Dispatcher;
import org.teavm.interop.Export;

/**
 * The proxy-wasm 0.2.1 callbacks, exported under their ABI names (Java {@code int} is i32). TeaVM exports only
 * classes reachable from {@code main}, which {@link WasmPlugin#run} ensures. The {@link Dispatcher} already contains
 * plugin failures; the catch here is the last line of defence so that nothing thrown ever traps the VM.
 */
public final class Exports {
    private static final int CONTINUE = 0;
    private static Dispatcher dispatcher;

    private Exports() {
    }

    /** Makes {@code plugin} the module's plugin, on the host of the Wasm imports ({@link WasmPlugin#run}). */
    public static void install(Plugin<?> plugin) {
        dispatcher = new Dispatcher(new WasmHost(), plugin);
    }

    /** Marks the module as proxy-wasm ABI 0.2.1. */
    @Export(name = "proxy_abi_version_0_2_1")
    public static void abiVersion() {
    }

    /** proxy_on_memory_allocate: the host's allocator for data it returns to the plugin. */
    @Export(name = "proxy_on_memory_allocate")
    public static int onMemoryAllocate(int size) {
        return Memory.allocate(size);
    }

    /** proxy_on_context_create. */
    @Export(name = "proxy_on_context_create")
    public static void onContextCreate(int contextId, int parentContextId) {
        try {
            dispatcher.onContextCreate(contextId, parentContextId);
        } catch (Throwable e) {
            fatal("proxy_on_context_create", e);
        }
    }

    /** proxy_on_vm_start: 1 = success. */
    @Export(name = "proxy_on_vm_start")
    public static int onVmStart(int rootContextId, int vmConfigurationSize) {
        try {
            return dispatcher.onVmStart(rootContextId, vmConfigurationSize) ? 1 : 0;
        } catch (Throwable e) {
            fatal("proxy_on_vm_start", e);
            return 0;
        }
    }

    /** proxy_on_configure: 1 = success. */
    @Export(name = "proxy_on_configure")
    public static int onConfigure(int rootContextId, int configurationSize) {
        try {
            return dispatcher.onConfigure(rootContextId, configurationSize) ? 1 : 0;
        } catch (Throwable e) {
            fatal("proxy_on_configure", e);
            return 0;
        }
    }

    /** proxy_on_tick. */
    @Export(name = "proxy_on_tick")
    public static void onTick(int rootContextId) {
        try {
            dispatcher.onTick(rootContextId);
        } catch (Throwable e) {
            fatal("proxy_on_tick", e);
        }
    }

    /** proxy_on_request_headers: returns a header status. */
    @Export(name = "proxy_on_request_headers")
    public static int onRequestHeaders(int contextId, int headerCount, int endOfStream) {
        try {
            return dispatcher.onRequestHeaders(contextId, headerCount, endOfStream != 0);
        } catch (Throwable e) {
            fatal("proxy_on_request_headers", e);
            return CONTINUE;
        }
    }

    /** proxy_on_request_body: returns a data status. */
    @Export(name = "proxy_on_request_body")
    public static int onRequestBody(int contextId, int bodySize, int endOfStream) {
        try {
            return dispatcher.onRequestBody(contextId, bodySize, endOfStream != 0);
        } catch (Throwable e) {
            fatal("proxy_on_request_body", e);
            return CONTINUE;
        }
    }

    /** proxy_on_request_trailers. */
    @Export(name = "proxy_on_request_trailers")
    public static int onRequestTrailers(int contextId, int trailerCount) {
        try {
            return dispatcher.onRequestTrailers(contextId, trailerCount);
        } catch (Throwable e) {
            fatal("proxy_on_request_trailers", e);
            return CONTINUE;
        }
    }

    /** proxy_on_response_headers: returns a header status. */
    @Export(name = "proxy_on_response_headers")
    public static int onResponseHeaders(int contextId, int headerCount, int endOfStream) {
        try {
            return dispatcher.onResponseHeaders(contextId, headerCount, endOfStream != 0);
        } catch (Throwable e) {
            fatal("proxy_on_response_headers", e);
            return CONTINUE;
        }
    }

    /** proxy_on_response_body: returns a data status. */
    @Export(name = "proxy_on_response_body")
    public static int onResponseBody(int contextId, int bodySize, int endOfStream) {
        try {
            return dispatcher.onResponseBody(contextId, bodySize, endOfStream != 0);
        } catch (Throwable e) {
            fatal("proxy_on_response_body", e);
            return CONTINUE;
        }
    }

    /** proxy_on_response_trailers. */
    @Export(name = "proxy_on_response_trailers")
    public static int onResponseTrailers(int contextId, int trailerCount) {
        try {
            return dispatcher.onResponseTrailers(contextId, trailerCount);
        } catch (Throwable e) {
            fatal("proxy_on_response_trailers", e);
            return CONTINUE;
        }
    }

    /** proxy_on_http_call_response. */
    @Export(name = "proxy_on_http_call_response")
    public static void onHttpCallResponse(int rootContextId, int token, int headerCount, int bodySize,
            int trailerCount) {
        try {
            dispatcher.onHttpCallResponse(rootContextId, token, headerCount, bodySize, trailerCount);
        } catch (Throwable e) {
            fatal("proxy_on_http_call_response", e);
        }
    }

    /** Higress proxy_on_redis_call_response. */
    @Export(name = "proxy_on_redis_call_response")
    public static void onRedisCallResponse(int rootContextId, int token, int status, int responseSize) {
        try {
            dispatcher.onRedisCallResponse(rootContextId, token, status, responseSize);
        } catch (Throwable e) {
            fatal("proxy_on_redis_call_response", e);
        }
    }

    /**
     * proxy_on_queue_ready. No catch here: the dispatcher's queue listeners catch everything (a module whose plugin
     * registers no queue links only the null checks).
     */
    @Export(name = "proxy_on_queue_ready")
    public static void onQueueReady(int rootContextId, int queueId) {
        if (dispatcher != null) {
            dispatcher.onQueueReady(rootContextId, queueId);
        }
    }

    /** proxy_on_done: 1 = the context is done. */
    @Export(name = "proxy_on_done")
    public static int onDone(int contextId) {
        try {
            return dispatcher.onDone(contextId) ? 1 : 0;
        } catch (Throwable e) {
            fatal("proxy_on_done", e);
            return 1;
        }
    }

    /** proxy_on_log. */
    @Export(name = "proxy_on_log")
    public static void onLog(int contextId) {
        try {
            dispatcher.onLog(contextId);
        } catch (Throwable e) {
            fatal("proxy_on_log", e);
        }
    }

    /** proxy_on_delete. */
    @Export(name = "proxy_on_delete")
    public static void onDelete(int contextId) {
        try {
            dispatcher.onDelete(contextId);
        } catch (Throwable e) {
            fatal("proxy_on_delete", e);
        }
    }

    private static void fatal(String where, Throwable e) {
        try {
            // One builder rather than nested concatenations: this cold path is in every module.
            StringBuilder text = new StringBuilder("[wasm-java] ").append(where).append(" failed: ");
            if (dispatcher == null) {
                text.append("no plugin registered: main() did not call WasmPlugin.run");
            } else {
                text.append(e.getClass().getName()).append(": ").append(e.getMessage());
            }
            byte[] message = Utf8.encode(text.toString());
            ProxyWasmImports.proxyLog(5, Memory.address(message), message.length);
            Memory.keep(message);
        } catch (Throwable ignored) {
            // Nothing left to report with.
        }
    }
}
