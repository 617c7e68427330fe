package io.wasmjava.host;

import io.wasmjava.core.Plugin;
import io.wasmjava.core.runtime.Dispatcher;
import java.util.Objects;

/** Runs a plugin's Java code through the SDK's {@link Dispatcher} over a {@link FakeHost}. */
public final class JvmEngine implements PluginEngine {
    private final Dispatcher dispatcher;

    private JvmEngine(Plugin<?> plugin, HostEmulator host) {
        this.dispatcher = new Dispatcher(new FakeHost(host), plugin);
    }

    /**
     * Runs {@code plugin}'s Java code; each instance gets a fresh dispatcher, so instances share no state.
     *
     * @throws NullPointerException if {@code plugin} is null
     */
    public static PluginEngine.Factory factory(Plugin<?> plugin) {
        Objects.requireNonNull(plugin, "plugin");
        return host -> new JvmEngine(plugin, host);
    }

    @Override
    public int call(Export export, int... args) {
        int[] a = export.checked(args);
        switch (export) {
            case CONTEXT_CREATE -> dispatcher.onContextCreate(a[0], a[1]);
            case TICK -> dispatcher.onTick(a[0]);
            case QUEUE_READY -> dispatcher.onQueueReady(a[0], a[1]);
            case HTTP_CALL_RESPONSE -> dispatcher.onHttpCallResponse(a[0], a[1], a[2], a[3], a[4]);
            case REDIS_CALL_RESPONSE -> dispatcher.onRedisCallResponse(a[0], a[1], a[2], a[3]);
            case LOG -> dispatcher.onLog(a[0]);
            case DELETE -> dispatcher.onDelete(a[0]);
            case VM_START -> { return dispatcher.onVmStart(a[0], a[1]) ? 1 : 0; }
            case CONFIGURE -> { return dispatcher.onConfigure(a[0], a[1]) ? 1 : 0; }
            case REQUEST_HEADERS -> { return dispatcher.onRequestHeaders(a[0], a[1], a[2] != 0); }
            case REQUEST_BODY -> { return dispatcher.onRequestBody(a[0], a[1], a[2] != 0); }
            case REQUEST_TRAILERS -> { return dispatcher.onRequestTrailers(a[0], a[1]); }
            case RESPONSE_HEADERS -> { return dispatcher.onResponseHeaders(a[0], a[1], a[2] != 0); }
            case RESPONSE_BODY -> { return dispatcher.onResponseBody(a[0], a[1], a[2] != 0); }
            case RESPONSE_TRAILERS -> { return dispatcher.onResponseTrailers(a[0], a[1]); }
            case DONE -> { return dispatcher.onDone(a[0]) ? 1 : 0; }
        }
        return 0;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "JVM engine";
    }
}
