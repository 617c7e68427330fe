package io.wasmjava.host;

import java.util.Locale;

/**
 * One running plugin instance, driven through the proxy-wasm 0.2.1 callbacks: {@link #call} runs one
 * {@code proxy_on_*} export, with its arguments and result as raw ABI integers (booleans are 0/1, statuses are
 * codes). Implementations run the plugin's Java code on the JVM ({@link JvmEngine#factory}) or its compiled module
 * on Chicory or V8 ({@link WasmEngine#factory}); both answer host calls from the {@link HostEmulator} they were
 * created with.
 *
 * <p>An engine does not track contexts or the effective context itself: {@link PluginInstance} does that around
 * every call, so tests normally use the harness rather than an engine. Not thread-safe.
 */
public interface PluginEngine extends AutoCloseable {
    /** Creates an engine bound to a host; the harness calls it once per harness. */
    @FunctionalInterface
    interface Factory {
        /**
         * Starts a plugin instance whose host calls go to {@code host}. For a Wasm module this instantiates the
         * module and runs {@code _start}.
         *
         * @throws IllegalStateException if the instance cannot be created (e.g. a missing export or import)
         */
        PluginEngine create(HostEmulator host);
    }

    /**
     * The proxy-wasm 0.2.1 callbacks a host calls, each the module export {@code proxy_on_} plus its lower-cased name,
     * with its arguments in ABI order.
     */
    enum Export {
        /** {@code (context_id, parent_context_id)}; parent 0 creates a root context. */
        CONTEXT_CREATE(2),
        /** {@code (root_context_id, vm_configuration_size)}: returns 1 on success, 0 on failure. */
        VM_START(2),
        /** {@code (root_context_id, configuration_size)}: returns 1 on success, 0 on failure. */
        CONFIGURE(2),
        /** {@code (root_context_id)}. */
        TICK(1),
        /** {@code (context_id, header_count, end_of_stream)}: returns the header status code. */
        REQUEST_HEADERS(3),
        /** {@code (context_id, body_size, end_of_stream)}: returns the data status code. */
        REQUEST_BODY(3),
        /** {@code (context_id, trailer_count)}: returns the trailers status code. */
        REQUEST_TRAILERS(2),
        /** {@code (context_id, header_count, end_of_stream)}: returns the header status code. */
        RESPONSE_HEADERS(3),
        /** {@code (context_id, body_size, end_of_stream)}: returns the data status code. */
        RESPONSE_BODY(3),
        /** {@code (context_id, trailer_count)}: returns the trailers status code. */
        RESPONSE_TRAILERS(2),
        /** {@code (root_context_id, token, header_count, body_size, trailer_count)}; the host passes the root id. */
        HTTP_CALL_RESPONSE(5),
        /** Higress's {@code (root_context_id, token, status, response_size)}; {@code status} 0 is success. */
        REDIS_CALL_RESPONSE(4),
        /** {@code (root_context_id, queue_id)}; the host passes the registrant's root context id. */
        QUEUE_READY(2),
        /** {@code (context_id)}: returns 1 if the context is done. */
        DONE(1),
        /** {@code (context_id)}. */
        LOG(1),
        /** {@code (context_id)}. */
        DELETE(1);

        private final String symbol = "proxy_on_" + name().toLowerCase(Locale.ROOT);
        private final int arity;

        Export(int arity) {
            this.arity = arity;
        }

        /** The export's name in the module, e.g. {@code proxy_on_request_headers}. */
        public String symbol() {
            return symbol;
        }

        /** How many i32 arguments the export takes. */
        public int arity() {
            return arity;
        }

        /**
         * Returns {@code args} if they are as many as the export takes.
         *
         * @throws IllegalArgumentException otherwise
         */
        public int[] checked(int[] args) {
            if (args.length != arity) {
                throw new IllegalArgumentException(symbol + " takes " + arity + " arguments but got " + args.length);
            }
            return args;
        }
    }

    /**
     * Calls {@code export} with its arguments as raw ABI integers (booleans are 0/1) and returns its i32 result, or 0
     * for a callback without one.
     *
     * @throws IllegalArgumentException if {@code args} are not as many as {@link Export#arity()}
     */
    int call(Export export, int... args);

    /**
     * The size of the plugin's linear memory in bytes, or -1 if the engine has none (the JVM engine). A Wasm memory
     * never shrinks, and TeaVM's heap grows it only when a collection cannot free enough, so a value that stays the
     * same over many requests means the plugin keeps nothing per request.
     */
    default long memoryBytes() {
        return -1;
    }

    /** Releases the instance; idempotent. */
    @Override
    void close();
}
