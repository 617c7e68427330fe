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
    public void onContextCreate(int contextId, int parentContextId) {
        dispatcher.onContextCreate(contextId, parentContextId);
    }

    @Override
    public int onVmStart(int rootContextId, int vmConfigurationSize) {
        return dispatcher.onVmStart(rootContextId, vmConfigurationSize) ? 1 : 0;
    }

    @Override
    public int onConfigure(int rootContextId, int configurationSize) {
        return dispatcher.onConfigure(rootContextId, configurationSize) ? 1 : 0;
    }

    @Override
    public void onTick(int rootContextId) {
        dispatcher.onTick(rootContextId);
    }

    @Override
    public void onQueueReady(int rootContextId, int queueId) {
        dispatcher.onQueueReady(rootContextId, queueId);
    }

    @Override
    public int onRequestHeaders(int contextId, int headerCount, int endOfStream) {
        return dispatcher.onRequestHeaders(contextId, headerCount, endOfStream != 0);
    }

    @Override
    public int onRequestBody(int contextId, int bodySize, int endOfStream) {
        return dispatcher.onRequestBody(contextId, bodySize, endOfStream != 0);
    }

    @Override
    public int onRequestTrailers(int contextId, int trailerCount) {
        return dispatcher.onRequestTrailers(contextId, trailerCount);
    }

    @Override
    public int onResponseHeaders(int contextId, int headerCount, int endOfStream) {
        return dispatcher.onResponseHeaders(contextId, headerCount, endOfStream != 0);
    }

    @Override
    public int onResponseBody(int contextId, int bodySize, int endOfStream) {
        return dispatcher.onResponseBody(contextId, bodySize, endOfStream != 0);
    }

    @Override
    public int onResponseTrailers(int contextId, int trailerCount) {
        return dispatcher.onResponseTrailers(contextId, trailerCount);
    }

    @Override
    public void onHttpCallResponse(int rootContextId, int token, int headerCount, int bodySize, int trailerCount) {
        dispatcher.onHttpCallResponse(rootContextId, token, headerCount, bodySize, trailerCount);
    }

    @Override
    public void onRedisCallResponse(int rootContextId, int token, int status, int responseSize) {
        dispatcher.onRedisCallResponse(rootContextId, token, status, responseSize);
    }

    @Override
    public int onDone(int contextId) {
        return dispatcher.onDone(contextId) ? 1 : 0;
    }

    @Override
    public void onLog(int contextId) {
        dispatcher.onLog(contextId);
    }

    @Override
    public void onDelete(int contextId) {
        dispatcher.onDelete(contextId);
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "JVM engine";
    }
}
