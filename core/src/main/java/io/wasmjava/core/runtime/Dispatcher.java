package io.wasmjava.core.runtime;

import io.wasmjava.core.Callouts;
import io.wasmjava.core.Headers;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Log;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.PayloadTooLargeException;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.Registration;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.MapType;
import io.wasmjava.core.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Receives every proxy-wasm callback (one method per {@code proxy_on_*} export, same arguments) and routes it to the
 * plugin. Owns the context table and the callout tokens: a callout response is delivered with its originating
 * context made effective again, and silently dropped if that stream has ended; a stream's callouts are forgotten when
 * it ends (see {@link io.wasmjava.core.HttpContext#onStreamEnd}), since Envoy never answers them.
 *
 * <p>This is the export boundary in Java terms: no exception thrown by plugin code escapes a method of this class.
 * A failing header or body handler is logged at critical and the stream continues; a failing callout callback is
 * logged at critical and a stream it held is resumed; a failing configuration parse fails
 * {@code proxy_on_configure}. Single-threaded, like the Wasm VM.
 */
public final class Dispatcher implements Callouts {
    private final Host host;
    private final Plugin<?> plugin;
    private final IntTable<RootState<?>> roots = new IntTable<>();
    private final IntTable<Stream<?>> streams = new IntTable<>();
    private static final String CALLOUT_BODY = "HTTP call response body";
    private static final String REDIS_REPLY = "Redis reply";
    private static final int REQUEST_HEADERS = 0;
    private static final int REQUEST_BODY = 1;
    private static final int RESPONSE_HEADERS = 2;
    private static final int RESPONSE_BODY = 3;
    private static final int DONE = 4;
    private static final int LOG = 5;
    /** Both trailer exports; {@code endOfStream} tells them apart (true: request). */
    private static final int TRAILERS = 6;
    private static final String[] STREAM_EXPORTS = {"proxy_on_request_headers", "proxy_on_request_body",
        "proxy_on_response_headers", "proxy_on_response_body", "proxy_on_done", "proxy_on_log",
        "proxy_on_*_trailers"};
    private final IntTable<Pending<HttpCallHandler>> httpCallouts = new IntTable<>();
    private final IntTable<Pending<RedisCallHandler>> redisCallouts = new IntTable<>();
    /**
     * {@link #deliverHttpReply} and {@link #deliverRedisReply}, each set by the first call of its kind: plugins that
     * never make such a call do not link its reply path (no callout can be pending without a call).
     */
    private HttpReplies httpReplies;
    private RedisReplies redisReplies;
    /** Null until the plugin registers a shared queue. */
    private QueueListeners queueListeners;
    private int currentContextId;
    private int effectiveContextId;
    private int depth;
    /** Typed as ArrayList: it is checked after every callback, and under TeaVM a List interface call is indirect. */
    private ArrayList<Runnable> afterCallback = new ArrayList<>();
    private Metrics metrics;

    public Dispatcher(Host host, Plugin<?> plugin) {
        if (host == null || plugin == null) {
            throw new IllegalArgumentException("host and plugin must not be null");
        }
        this.host = host;
        this.plugin = plugin;
    }

    Host host() {
        return host;
    }

    /** The VM's metrics, made on first use (with the asking plugin's log) so plugins without metrics link none. */
    Metrics metrics(Log log) {
        if (metrics == null) {
            metrics = Metrics.create(host, log);
        }
        return metrics;
    }

    /** {@code proxy_on_context_create}: parent 0 creates a plugin (root) context, otherwise an HTTP stream. */
    public void onContextCreate(int contextId, int parentContextId) {
        try {
            if (parentContextId == 0) {
                roots.put(contextId, new RootState<>(this, contextId, plugin));
                return;
            }
            RootState<?> root = roots.get(parentContextId);
            if (root == null) {
                host.log(LogLevel.CRITICAL, "[" + plugin.name() + "] proxy_on_context_create: unknown parent context "
                        + parentContextId + " for " + contextId);
                return;
            }
            streams.put(contextId, root.newStream(contextId));
        } catch (Throwable e) {
            logUncaught("proxy_on_context_create", e);
        }
    }

    /** {@code proxy_on_vm_start}: always succeeds; the SDK has no VM configuration. */
    public boolean onVmStart(int rootContextId, int vmConfigurationSize) {
        return true;
    }

    /** {@code proxy_on_configure}: returns false (start failed) on a configuration error. */
    public boolean onConfigure(int rootContextId, int configurationSize) {
        RootState<?> root = roots.get(rootContextId);
        if (root == null) {
            host.log(LogLevel.CRITICAL, "[" + plugin.name() + "] proxy_on_configure: unknown root context "
                    + rootContextId);
            return false;
        }
        int previous = enter(rootContextId);
        try {
            byte[] configuration;
            try {
                checkSize("configuration", configurationSize, plugin.limits().maxConfigurationBytes(),
                        "maxConfigurationBytes");
                configuration = configurationSize > 0
                        ? host.buffer(BufferType.PLUGIN_CONFIGURATION, 0, configurationSize) : new byte[0];
            } catch (PayloadTooLargeException e) {
                root.failStart(e.withSubject("configuration").getMessage());
                return false;
            }
            return root.configure(configuration);
        } catch (Throwable e) {
            logUncaught("proxy_on_configure", e);
            return false;
        } finally {
            exit(previous);
        }
    }

    /** {@code proxy_on_tick}. */
    public void onTick(int rootContextId) {
        RootState<?> root = roots.get(rootContextId);
        if (root == null) {
            return;
        }
        int previous = enter(rootContextId);
        try {
            root.tick();
        } catch (Throwable e) {
            logUncaught("proxy_on_tick", e);
        } finally {
            exit(previous);
        }
    }

    /**
     * {@code proxy_on_queue_ready}: tells the listener of a queue the plugin registered, with the root context entered;
     * a listener that throws is logged at critical. Ignored for other queues.
     */
    public void onQueueReady(int rootContextId, int queueId) {
        if (queueListeners != null) {
            queueListeners.onQueueReady(rootContextId, queueId);
        }
    }

    /** The shared-queue listeners, made on first use (see {@link QueueListeners}). */
    QueueListeners queueListeners() {
        if (queueListeners == null) {
            queueListeners = QueueListeners.create(this);
        }
        return queueListeners;
    }

    /** {@code proxy_on_request_headers}: returns a header status code. */
    public int onRequestHeaders(int contextId, int headerCount, boolean endOfStream) {
        return onStream(REQUEST_HEADERS, contextId, 0, endOfStream);
    }

    /** {@code proxy_on_request_body}: returns a data status code. */
    public int onRequestBody(int contextId, int bodySize, boolean endOfStream) {
        return onStream(REQUEST_BODY, contextId, bodySize, endOfStream);
    }

    /** {@code proxy_on_request_trailers}: returns a trailers status code. */
    public int onRequestTrailers(int contextId, int trailerCount) {
        return onStream(TRAILERS, contextId, 0, true);
    }

    /** {@code proxy_on_response_headers}: returns a header status code. */
    public int onResponseHeaders(int contextId, int headerCount, boolean endOfStream) {
        return onStream(RESPONSE_HEADERS, contextId, 0, endOfStream);
    }

    /** {@code proxy_on_response_body}: returns a data status code. */
    public int onResponseBody(int contextId, int bodySize, boolean endOfStream) {
        return onStream(RESPONSE_BODY, contextId, bodySize, endOfStream);
    }

    /** {@code proxy_on_response_trailers}: returns a trailers status code. */
    public int onResponseTrailers(int contextId, int trailerCount) {
        return onStream(TRAILERS, contextId, 0, false);
    }

    /** {@code proxy_on_done}: marks the stream ended (its pending callbacks will be dropped); returns true. */
    public boolean onDone(int contextId) {
        onStream(DONE, contextId, 0, true);
        return true;
    }

    /** {@code proxy_on_log}: runs the stream-done handler (the final headers are still readable here). */
    public void onLog(int contextId) {
        onStream(LOG, contextId, 0, true);
    }

    /**
     * One stream callback ({@code export} indexes {@link #STREAM_EXPORTS}) with the stream's context entered; a
     * throwing handler is logged and the stream continues (0: CONTINUE as header and as data status). Unknown
     * streams are ignored.
     */
    private int onStream(int export, int contextId, int bodySize, boolean endOfStream) {
        Stream<?> stream = streams.get(contextId);
        if (stream == null) {
            return 0;
        }
        int previous = enter(contextId);
        try {
            switch (export) {
                case REQUEST_HEADERS:
                    return stream.onRequestHeaders(endOfStream);
                case REQUEST_BODY:
                    return stream.onRequestBody(bodySize, endOfStream);
                case RESPONSE_HEADERS:
                    return stream.onResponseHeaders(endOfStream);
                case RESPONSE_BODY:
                    return stream.onResponseBody(bodySize, endOfStream);
                case TRAILERS:
                    return stream.onTrailers(endOfStream);
                case DONE:
                    stream.onDone();
                    return 0;
                default:
                    stream.onLog();
                    return 0;
            }
        } catch (Throwable e) {
            logUncaught(STREAM_EXPORTS[export], e);
            return 0;
        } finally {
            exit(previous);
        }
    }

    /**
     * {@code proxy_on_delete}: forgets the context and everything registered for it (if {@code proxy_on_done} has not
     * released it already).
     */
    public void onDelete(int contextId) {
        Stream<?> stream = streams.remove(contextId);
        if (stream != null) {
            stream.onDelete();
        } else {
            roots.remove(contextId);
        }
    }

    /** {@code proxy_on_http_call_response}. */
    public void onHttpCallResponse(int rootContextId, int token, int headerCount, int bodySize, int trailerCount) {
        if (httpReplies != null) {
            httpReplies.deliver(token, headerCount, bodySize, trailerCount);
        }
    }

    private void deliverHttpReply(int token, int headerCount, int bodySize, int trailerCount) {
        Pending<HttpCallHandler> pending = take(httpCallouts, token);
        if (pending == null) {
            return;
        }
        int previous = enter(pending.contextId);
        try {
            // Copy everything now: the host clears the call's response once this callback returns.
            Headers headers;
            byte[] body;
            Headers trailers;
            try {
                checkSize(CALLOUT_BODY, bodySize, plugin.limits().maxCalloutResponseBytes(),
                        "maxCalloutResponseBytes");
                headers = headerCount > 0 ? host.headers(MapType.HTTP_CALL_RESPONSE_HEADERS) : Headers.empty();
                body = bodySize > 0 ? host.buffer(BufferType.HTTP_CALL_RESPONSE_BODY, 0, bodySize) : new byte[0];
                trailers = trailerCount > 0 ? host.headers(MapType.HTTP_CALL_RESPONSE_TRAILERS) : Headers.empty();
            } catch (PayloadTooLargeException e) {
                pending.handler.onHttpCallTooLarge(e.withSubject(CALLOUT_BODY));
                return;
            }
            pending.handler.onHttpCallResponse(headers, body, trailers);
        } catch (Throwable e) {
            calloutCallbackFailed("proxy_on_http_call_response", pending.contextId, e);
        } finally {
            exit(previous);
        }
    }

    /** Higress {@code proxy_on_redis_call_response}. */
    public void onRedisCallResponse(int rootContextId, int token, int status, int responseSize) {
        if (redisReplies != null) {
            redisReplies.deliver(token, status, responseSize);
        }
    }

    private void deliverRedisReply(int token, int status, int responseSize) {
        Pending<RedisCallHandler> pending = take(redisCallouts, token);
        if (pending == null) {
            return;
        }
        int previous = enter(pending.contextId);
        try {
            byte[] reply;
            try {
                checkSize(REDIS_REPLY, responseSize, plugin.limits().maxRedisReplyBytes(), "maxRedisReplyBytes");
                reply = responseSize > 0 ? host.buffer(BufferType.REDIS_CALL_RESPONSE, 0, responseSize) : new byte[0];
            } catch (PayloadTooLargeException e) {
                pending.handler.onRedisCallTooLarge(e.withSubject(REDIS_REPLY));
                return;
            }
            pending.handler.onRedisCallResponse(status, reply);
        } catch (Throwable e) {
            calloutCallbackFailed("proxy_on_redis_call_response", pending.contextId, e);
        } finally {
            exit(previous);
        }
    }

    /**
     * Throws unless {@code sizeBytes} (an unsigned size from the host) is at most {@code limitBytes}.
     *
     * @throws PayloadTooLargeException naming {@code subject} and {@code limitName}
     */
    static void checkSize(String subject, int sizeBytes, long limitBytes, String limitName) {
        long size = sizeBytes & 0xFFFFFFFFL;
        if (size > limitBytes) {
            throw new PayloadTooLargeException(subject, size, limitBytes, limitName);
        }
    }

    /**
     * Removes the callout {@code token} and returns it with its context made effective (the host delivers callout
     * responses on the plugin context), or null if there is none or its stream has ended (client gone, or answered):
     * its callback is then dropped, as in every proxy-wasm SDK.
     */
    private <H> Pending<H> take(IntTable<Pending<H>> table, int token) {
        Pending<H> pending = table.remove(token);
        if (pending == null) {
            return null;
        }
        pending.untilEnd.cancel();
        Stream<?> stream = streams.get(pending.contextId);
        if (!roots.containsKey(pending.contextId) && (stream == null || stream.isStreamEnded())) {
            return null;
        }
        host.setEffectiveContext(pending.contextId);
        return pending;
    }

    private void calloutCallbackFailed(String where, int contextId, Throwable e) {
        logUncaught(where, e);
        Stream<?> stream = streams.get(contextId);
        if (stream != null) {
            stream.resumeAfterFailure();
        }
    }

    int enter(int contextId) {
        depth++;
        int previous = currentContextId;
        currentContextId = contextId;
        // The host makes the context of the callback it is delivering effective.
        effectiveContextId = contextId;
        return previous;
    }

    void exit(int previousContextId) {
        depth--;
        if (depth == 0) {
            runDeferred();
        }
        currentContextId = previousContextId;
    }

    void runAfterCallback(Runnable task) {
        if (depth == 0) {
            task.run();
        } else {
            afterCallback.add(task);
        }
    }

    private void runDeferred() {
        while (!afterCallback.isEmpty()) {
            List<Runnable> tasks = afterCallback;
            afterCallback = new ArrayList<>();
            for (Runnable task : tasks) {
                try {
                    task.run();
                } catch (Throwable e) {
                    logUncaught("deferred task", e);
                }
            }
        }
    }

    /**
     * Makes {@code contextId} the host's effective context if it is not already, so that host calls made on behalf
     * of one request from another request's callback (e.g. resuming requests that waited for a shared fetch) act on
     * the right stream.
     */
    void makeEffective(int contextId) {
        if (effectiveContextId != contextId) {
            host.setEffectiveContext(contextId);
            effectiveContextId = contextId;
        }
    }

    void logUncaught(String where, Throwable e) {
        StringBuilder message = new StringBuilder();
        message.append('[').append(plugin.name()).append("] uncaught exception in ").append(where).append(": ");
        describe(message, e);
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            describe(message.append("; caused by "), cause);
        }
        try {
            host.log(LogLevel.CRITICAL, message.toString());
        } catch (Throwable ignored) {
            // Logging itself failed: nothing more can be reported, and the VM must not trap.
        }
    }

    private static void describe(StringBuilder out, Throwable e) {
        String message = e.getMessage();
        out.append(e.getClass().getName());
        if (message != null) {
            out.append(": ").append(message);
        }
    }

    // ---- Callouts ----

    @Override
    public int dispatchHttpCall(String cluster, Headers headers, byte[] body, int timeoutMillis,
            HttpCallHandler handler) {
        int token = host.dispatchHttpCall(cluster, headers, body, Headers.empty(), timeoutMillis);
        trackHttpCall(token, currentContextId, handler);
        return token;
    }

    /**
     * Registers a callout; one made for a stream is forgotten when the stream ends, since Envoy cancels the calls of a
     * context it destroys ({@code Context::~Context} in envoyproxy/envoy
     * {@code source/extensions/common/wasm/context.cc}) and their answer would never come to remove it.
     */
    private <H> void track(IntTable<Pending<H>> table, int token, Pending<H> pending) {
        table.put(token, pending);
        Stream<?> stream = streams.get(pending.contextId);
        if (stream != null) {
            pending.untilEnd = stream.onStreamEnd(() -> {
                if (table.get(token) == pending) {
                    table.remove(token);
                }
            });
        }
    }

    @Override
    public int dispatchHttpCallForPlugin(int rootContextId, String cluster, Headers headers, byte[] body,
            int timeoutMillis, HttpCallHandler handler) {
        int token = host.dispatchHttpCall(cluster, headers, body, Headers.empty(), timeoutMillis);
        trackHttpCall(token, rootContextId, handler);
        return token;
    }

    private void trackHttpCall(int token, int contextId, HttpCallHandler handler) {
        if (httpReplies == null) {
            httpReplies = this::deliverHttpReply;
        }
        track(httpCallouts, token, new Pending<>(contextId, handler));
    }

    @Override
    public void redisInit(String cluster, String username, String password, int timeoutMillis) {
        host.redisInit(cluster, username, password, timeoutMillis);
    }

    @Override
    public int dispatchRedisCall(String cluster, byte[] query, RedisCallHandler handler) {
        int token = host.dispatchRedisCall(cluster, query);
        if (redisReplies == null) {
            redisReplies = this::deliverRedisReply;
        }
        track(redisCallouts, token, new Pending<>(currentContextId, handler));
        return token;
    }

    @Override
    public HttpContext currentRequest() {
        return streams.get(currentContextId);
    }

    /** Number of callouts whose response has not arrived (for tests and diagnostics). */
    public int pendingCallouts() {
        return httpCallouts.size() + redisCallouts.size();
    }

    private interface HttpReplies {
        void deliver(int token, int headerCount, int bodySize, int trailerCount);
    }

    private interface RedisReplies {
        void deliver(int token, int status, int responseSize);
    }

    private static final class Pending<H> {
        final int contextId;
        final H handler;
        /** Forgets the callout when its stream ends; {@link Registration#NONE} for a plugin's own callout. */
        Registration untilEnd = Registration.NONE;

        Pending(int contextId, H handler) {
            this.contextId = contextId;
            this.handler = handler;
        }
    }
}
