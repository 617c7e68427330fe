package io.wasmjava.core.runtime;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.ExecutionPhase;
import io.wasmjava.core.GrpcStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.HeaderValidator;
import io.wasmjava.core.Headers;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Limits;
import io.wasmjava.core.Log;
import io.wasmjava.core.PayloadTooLargeException;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.Registration;
import io.wasmjava.core.RegistrationList;
import io.wasmjava.core.UpstreamHost;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.MapType;
import io.wasmjava.core.host.StreamType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One HTTP stream: phase logic as in Higress's {@code CommonHttpCtx}, and the {@link HttpContext} plugins see. */
final class Stream<C> implements HttpContext {
    private static final byte[] EMPTY = new byte[0];
    private static final List<String> CLEAR_ROUTE_CACHE = Collections.singletonList("clear_route_cache");
    /** The value that turns route re-selection off; shared, since hosts only read property values. */
    private static final byte[] OFF = Utf8.encode("off");
    /** Read once per request in the header phase (lower-case): valid in every later phase, as in Higress. */
    private static final String[] CACHED_REQUEST_HEADERS = {":scheme", ":authority", ":path", ":method",
        "x-request-id", "content-type", "content-encoding", "connection", "upgrade"};
    private static final int SCHEME = 0;
    private static final int AUTHORITY = 1;
    private static final int PATH = 2;
    private static final int METHOD = 3;
    private static final int REQUEST_ID = 4;
    private static final int CONTENT_TYPE = 5;
    private static final int CONTENT_ENCODING = 6;
    private static final int CONNECTION = 7;
    private static final int UPGRADE = 8;

    private final Dispatcher dispatcher;
    private final RootState<C> root;
    private final Host host;
    private final int contextId;
    private Map<String, Object> attributes;
    /** Null until the plugin sets one; dropped at {@code proxy_on_delete}. */
    private UserAttributes userAttributes;
    private C config;
    private boolean configMatched;
    private ExecutionPhase phase = ExecutionPhase.DECODE_HEADER;
    /**
     * {@link #CACHED_REQUEST_HEADERS}' values, null until first needed: fetched when the plugin or the SDK first asks
     * for one, and at the latest when the request-header phase ends if a later phase has a handler (so that later
     * phases see the header phase's values, as in Higress, even if a filter after this one rewrites them). A plugin
     * that never asks pays for no header fetch.
     */
    private String[] requestHeaderValues;
    private Log log;
    private boolean needRequestBody = true;
    private boolean needResponseBody = true;
    private boolean bufferRequest;
    private boolean bufferResponse;
    private boolean hasRequestBody;
    private boolean hasResponseBody;
    private boolean ended;
    private boolean answered;
    /** Release actions ({@link #onStreamEnd}); null until the first, and again once they have run. */
    private RegistrationList<Runnable> endActions;
    private boolean released;
    /**
     * What a streaming response chunk returns: CONTINUE, or STOP_ITERATION_NO_BUFFER once the plugin called
     * {@link #needPauseStreamingResponse} (Higress, wasm-go plugin_wrapper.go onHttpResponseBody: a paused response
     * is held, not buffered).
     */
    private int streamingResponseStatus;
    /** {@link #pushBuffer}'s FIFO; null until the first push, and once the stream is deleted. */
    private ArrayDeque<byte[]> pushed;
    /** Set by {@link #routeCall}: the response then goes to its callback instead of the response handlers. */
    private ResponseTakeover routeCall;

    Stream(Dispatcher dispatcher, RootState<C> root, int contextId) {
        this.dispatcher = dispatcher;
        this.root = root;
        this.host = dispatcher.host();
        this.contextId = contextId;
    }

    // ---- phases ----

    int onRequestHeaders(boolean endOfStream) {
        phase = ExecutionPhase.DECODE_HEADER;
        hasRequestBody = !endOfStream;
        Plugin.HeadersHandler<C> start = root.plugin().requestStartHandler();
        if (start != null) {
            start.handle(this, null);
        }
        RuleMatcher<C> matcher = root.matcher();
        if (matcher == null) {
            return HeaderStatus.CONTINUE.code();
        }
        if (matcher.rules().isEmpty()) {
            config = matcher.global();
            configMatched = matcher.hasGlobal();
        } else {
            config = matcher.match(host(), propertyString("route_name"), propertyString("cluster_name"));
            configMatched = config != null;
        }
        if (!configMatched) {
            // No rule and no global configuration: the plugin is inactive for this request, as in Higress.
            return HeaderStatus.CONTINUE.code();
        }
        Plugin<C> plugin = root.plugin();
        boolean requestBodyHandled = plugin.requestBodyHandler() != null
                || plugin.streamingRequestBodyHandler() != null;
        boolean responseBodyHandled = plugin.responseBodyHandler() != null
                || plugin.streamingResponseBodyHandler() != null;
        if (requestBodyHandled && (isWebsocket() || isBinary(requestHeaderValue(CONTENT_TYPE),
                requestHeaderValue(CONTENT_ENCODING)))) {
            needRequestBody = false;
        }
        if (responseBodyHandled && isWebsocket()) {
            needResponseBody = false;
        }
        Plugin.HeadersHandler<C> handler = plugin.requestHeadersHandler();
        int status = handler == null ? HeaderStatus.CONTINUE.code() : handler.handle(this, config).code();
        if (plugin.hasHandlerAfterRequestHeaders()) {
            // Later phases see this phase's values, even if a filter after this one rewrites the headers.
            requestValues();
        }
        return status;
    }

    /** The value of {@code CACHED_REQUEST_HEADERS[index]}, null if absent (see {@link #requestValues}). */
    private String requestHeaderValue(int index) {
        return requestValues()[index];
    }

    /**
     * {@link #CACHED_REQUEST_HEADERS}' values, read from the host on first use. A stream that has ended without
     * reading them has none: its headers are gone from the host.
     */
    private String[] requestValues() {
        if (requestHeaderValues == null) {
            requestHeaderValues = ended ? new String[CACHED_REQUEST_HEADERS.length]
                    : effectiveHost().headerValues(MapType.HTTP_REQUEST_HEADERS, CACHED_REQUEST_HEADERS);
        }
        return requestHeaderValues;
    }

    int onRequestBody(int bodySize, boolean endOfStream) {
        // First, as Higress's OnHttpRequestBody: trailer handlers, which come after the body, see this phase too.
        phase = ExecutionPhase.DECODE_DATA;
        if (!configMatched || !needRequestBody) {
            return DataStatus.CONTINUE.code();
        }
        Plugin<C> plugin = root.plugin();
        return onBody(BufferType.HTTP_REQUEST_BODY, DataStatus.CONTINUE.code(), plugin.streamingRequestBodyHandler(),
                plugin.requestBodyHandler(),
                bufferRequest, bodySize, endOfStream);
    }

    int onResponseHeaders(boolean endOfStream) {
        phase = ExecutionPhase.ENCODE_HEADER;
        hasResponseBody = !endOfStream;
        if (!configMatched) {
            return HeaderStatus.CONTINUE.code();
        }
        if (routeCall != null) {
            needResponseBody = true;
            return routeCall.onResponseHeaders(effectiveHost(), endOfStream);
        }
        Plugin<C> plugin = root.plugin();
        if (needResponseBody && (plugin.responseBodyHandler() != null
                || plugin.streamingResponseBodyHandler() != null)) {
            if (isBinary(host.header(MapType.HTTP_RESPONSE_HEADERS, "content-type"),
                    host.header(MapType.HTTP_RESPONSE_HEADERS, "content-encoding"))) {
                needResponseBody = false;
            }
        }
        Plugin.HeadersHandler<C> handler = plugin.responseHeadersHandler();
        return handler == null ? HeaderStatus.CONTINUE.code() : handler.handle(this, config).code();
    }

    int onResponseBody(int bodySize, boolean endOfStream) {
        phase = ExecutionPhase.ENCODE_DATA;
        if (!configMatched || !needResponseBody) {
            return DataStatus.CONTINUE.code();
        }
        Plugin<C> plugin = root.plugin();
        // A route call takes the whole body in place of the plugin's handlers (one onBody call site: a second one
        // costs every module bytes, route call or not).
        boolean routed = routeCall != null;
        return onBody(BufferType.HTTP_RESPONSE_BODY, streamingResponseStatus,
                routed ? null : plugin.streamingResponseBodyHandler(),
                routed ? routeCall : plugin.responseBodyHandler(), routed || bufferResponse, bodySize, endOfStream);
    }

    /**
     * One body callback, either direction: a chunk to the streaming handler (unless the plugin asked for the buffered
     * one), else the whole body to the buffered handler once it has all arrived.
     */
    private int onBody(BufferType type, int chunkStatus, Plugin.StreamingBodyHandler<C> streaming,
            Plugin.BodyHandler<? super C> buffered,
            boolean preferBuffered, int bodySize, boolean endOfStream) {
        if (streaming != null && (buffered == null || !preferBuffered)) {
            byte[] chunk;
            try {
                chunk = body(type, bodySize);
            } catch (PayloadTooLargeException e) {
                return bodyOverflow(type, e);
            }
            byte[] replaced = streaming.handle(this, config, chunk, endOfStream);
            if (replaced != chunk && replaced != null && !Arrays.equals(replaced, chunk)) {
                host.setBuffer(type, 0, chunk.length, replaced);
            }
            return chunkStatus;
        }
        if (buffered == null) {
            return DataStatus.CONTINUE.code();
        }
        byte[] body;
        try {
            if (!endOfStream) {
                // Envoy reports the size of everything buffered so far, not of the new chunk.
                checkBodySize(type, bodySize & 0xFFFFFFFFL);
                return DataStatus.STOP_ITERATION_AND_BUFFER.code();
            }
            body = body(type, bodySize);
        } catch (PayloadTooLargeException e) {
            return bodyOverflow(type, e);
        }
        return buffered.handle(this, config, body).code();
    }

    /**
     * The first {@code size} bytes of a body buffer (an unsigned size from the host).
     *
     * @throws PayloadTooLargeException if {@code size} is over {@link Limits#maxBodyBytes()} or the module's heap
     *     cannot hold it
     */
    private byte[] body(BufferType type, long size) {
        long unsigned = size & 0xFFFFFFFFL;
        checkBodySize(type, unsigned);
        if (unsigned == 0) {
            return EMPTY;
        }
        try {
            return host.buffer(type, 0, (int) unsigned);
        } catch (PayloadTooLargeException e) {
            throw e.withSubject(bodyName(type));
        }
    }

    private void checkBodySize(BufferType type, long size) {
        long limit = root.plugin().limits().maxBodyBytes();
        if (size > limit) {
            throw new PayloadTooLargeException(bodyName(type), size, limit, "maxBodyBytes");
        }
    }

    private static String bodyName(BufferType type) {
        return type == BufferType.HTTP_REQUEST_BODY ? "request body" : "response body";
    }

    /**
     * Applies {@link Limits#bodyOverflow()} to a body that is too large: the body handlers are off for the rest of
     * the stream either way; REJECT answers as Envoy answers a body over its buffer limit.
     */
    private int bodyOverflow(BufferType type, PayloadTooLargeException tooLarge) {
        boolean request = type == BufferType.HTTP_REQUEST_BODY;
        if (request) {
            needRequestBody = false;
        } else {
            needResponseBody = false;
        }
        if (root.plugin().limits().bodyOverflow() == Limits.BodyOverflow.PASS_THROUGH) {
            log().warn(tooLarge.getMessage() + ": passed on without the body handler");
            return DataStatus.CONTINUE.code();
        }
        int status = request ? 413 : 500;
        log().warn(tooLarge.getMessage() + ": answered " + status);
        sendLocalResponse(status, request ? "request_payload_too_large" : "response_payload_too_large",
                Headers.empty(), Utf8.encode(request ? "Payload Too Large" : "Internal Server Error"));
        return DataStatus.STOP_ITERATION_NO_BUFFER.code();
    }

    /**
     * A trailer phase: the plugin's trailer handler, if the configuration matched; else CONTINUE. The phase stays
     * DECODE_DATA or ENCODE_DATA, set by the body callback before it (Envoy sends the last data, without end of
     * stream, before trailers).
     */
    int onTrailers(boolean request) {
        Plugin.TrailersHandler<C> handler = request ? root.plugin().requestTrailersHandler()
                : root.plugin().responseTrailersHandler();
        if (!configMatched || handler == null) {
            // 0 is TrailersStatus.CONTINUE; the literal keeps the enum out of plugins without trailer handlers.
            return 0;
        }
        // ordinal() is code(), without linking TrailersStatus into plugins that have no trailer handler.
        return handler.handle(this, config).ordinal();
    }

    void onDone() {
        phase = ExecutionPhase.DONE;
        ended = true;
        release();
    }

    /**
     * Runs the stream-done handler. Called from {@code proxy_on_log}, as Higress's Go SDK does: Envoy still lets
     * the plugin read the final headers there, while in {@code proxy_on_done} they are already released.
     */
    void onLog() {
        phase = ExecutionPhase.DONE;
        ended = true;
        Plugin.StreamDoneHandler<C> handler = root.plugin().streamDoneHandler();
        if (configMatched && handler != null) {
            handler.handle(this, config);
        }
    }

    /**
     * {@code proxy_on_delete}: the host has forgotten the stream. Runs the release actions if {@code proxy_on_done}
     * did not, and drops what the stream itself holds, so that a reference some plugin code still keeps to this
     * context pins only this object.
     */
    void onDelete() {
        ended = true;
        release();
        attributes = null;
        pushed = null;
        routeCall = null;
        userAttributes = null;
        config = null;
        log = null;
    }

    /** Runs the release actions once, in order; each failure is logged and the rest still run. */
    private void release() {
        if (released) {
            return;
        }
        released = true;
        RegistrationList<Runnable> actions = endActions;
        endActions = null;
        if (actions == null) {
            return;
        }
        for (Runnable action = actions.poll(); action != null; action = actions.poll()) {
            runReleaseAction(action);
        }
    }

    private void runReleaseAction(Runnable action) {
        try {
            action.run();
        } catch (Throwable e) {
            dispatcher.logUncaught("stream end action", e);
        }
    }

    /** After a callout callback threw: let a held stream go on rather than hang until the client gives up. */
    void resumeAfterFailure() {
        if (ended) {
            return;
        }
        if (phase == ExecutionPhase.DECODE_HEADER || phase == ExecutionPhase.DECODE_DATA) {
            host.continueStream(StreamType.REQUEST);
        } else if (phase == ExecutionPhase.ENCODE_HEADER || phase == ExecutionPhase.ENCODE_DATA) {
            host.continueStream(StreamType.RESPONSE);
        }
    }

    private static boolean isBinary(String contentType, String contentEncoding) {
        if (contentType != null && (contentType.contains("octet-stream") || contentType.contains("grpc"))) {
            return true;
        }
        return contentEncoding != null && !contentEncoding.isEmpty();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    // ---- HttpContext ----

    private Host effectiveHost() {
        dispatcher.makeEffective(contextId);
        return host;
    }

    @Override
    public int contextId() {
        return contextId;
    }

    @Override
    public PluginContext plugin() {
        return root;
    }

    @Override
    public Log log() {
        if (log == null) {
            log = new Log(host, root.pluginName(), root.pluginId(), requestHeaderValue(REQUEST_ID),
                    root.plugin().isSafeLog());
        }
        return log;
    }

    @Override
    public String scheme() {
        return orEmpty(requestHeaderValue(SCHEME));
    }

    @Override
    public String host() {
        return orEmpty(requestHeaderValue(AUTHORITY));
    }

    @Override
    public String path() {
        return orEmpty(requestHeaderValue(PATH));
    }

    @Override
    public String method() {
        return orEmpty(requestHeaderValue(METHOD));
    }

    @Override
    public ExecutionPhase executionPhase() {
        return phase;
    }

    @Override
    public String requestHeader(String name) {
        return effectiveHost().header(MapType.HTTP_REQUEST_HEADERS, name);
    }

    @Override
    public Headers requestHeaders() {
        return effectiveHost().headers(MapType.HTTP_REQUEST_HEADERS);
    }

    @Override
    public void addRequestHeader(String name, String value) {
        HeaderValidator.checkAdd(HeaderValidator.Target.REQUEST, name, value);
        effectiveHost().addHeader(MapType.HTTP_REQUEST_HEADERS, name, value);
    }

    @Override
    public void replaceRequestHeader(String name, String value) {
        HeaderValidator.checkReplace(HeaderValidator.Target.REQUEST, name, value);
        effectiveHost().replaceHeader(MapType.HTTP_REQUEST_HEADERS, name, value);
    }

    @Override
    public void removeRequestHeader(String name) {
        effectiveHost().removeHeader(MapType.HTTP_REQUEST_HEADERS, name);
    }

    @Override
    public String responseHeader(String name) {
        return effectiveHost().header(MapType.HTTP_RESPONSE_HEADERS, name);
    }

    @Override
    public Headers responseHeaders() {
        return effectiveHost().headers(MapType.HTTP_RESPONSE_HEADERS);
    }

    @Override
    public void addResponseHeader(String name, String value) {
        HeaderValidator.checkAdd(HeaderValidator.Target.RESPONSE, name, value);
        effectiveHost().addHeader(MapType.HTTP_RESPONSE_HEADERS, name, value);
    }

    @Override
    public void replaceResponseHeader(String name, String value) {
        HeaderValidator.checkReplace(HeaderValidator.Target.RESPONSE, name, value);
        effectiveHost().replaceHeader(MapType.HTTP_RESPONSE_HEADERS, name, value);
    }

    @Override
    public void removeResponseHeader(String name) {
        effectiveHost().removeHeader(MapType.HTTP_RESPONSE_HEADERS, name);
    }

    @Override
    public void replaceRequestBody(byte[] body) {
        effectiveHost().setBuffer(BufferType.HTTP_REQUEST_BODY, 0, Integer.MAX_VALUE, body);
    }

    @Override
    public void replaceResponseBody(byte[] body) {
        effectiveHost().setBuffer(BufferType.HTTP_RESPONSE_BODY, 0, Integer.MAX_VALUE, body);
    }

    @Override
    public byte[] property(String... path) {
        return effectiveHost().property(Arrays.asList(path));
    }

    @Override
    public String propertyString(String... path) {
        byte[] value = effectiveHost().property(Arrays.asList(path));
        return value == null ? null : Utf8.decode(value);
    }

    @Override
    public void setProperty(byte[] value, String... path) {
        effectiveHost().setProperty(Arrays.asList(path), value);
    }

    @Override
    public Object attribute(String key) {
        return attributes == null ? null : attributes.get(key);
    }

    @Override
    public void setAttribute(String key, Object value) {
        if (value == null) {
            if (attributes != null) {
                attributes.remove(key);
            }
            return;
        }
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        attributes.put(key, value);
    }

    // ---- request properties and user attributes ----

    @Override
    public String routeName() {
        return propertyString("route_name");
    }

    @Override
    public String clusterName() {
        return propertyString("cluster_name");
    }

    @Override
    public String requestId() {
        return requestHeaderValue(REQUEST_ID);
    }

    @Override
    public String sourceAddress() {
        return propertyString("source", "address");
    }

    @Override
    public String destinationAddress() {
        return propertyString("destination", "address");
    }

    @Override
    public String responseCodeDetails() {
        return propertyString("response", "code_details");
    }

    private UserAttributes userAttributesForWrite() {
        if (userAttributes == null) {
            userAttributes = new UserAttributes();
        }
        return userAttributes;
    }

    @Override
    public void setUserAttribute(String key, String value) {
        userAttributesForWrite().put(key, value);
    }

    @Override
    public void setUserAttribute(String key, long value) {
        userAttributesForWrite().put(key, value);
    }

    @Override
    public void setUserAttribute(String key, double value) {
        userAttributesForWrite().put(key, value);
    }

    @Override
    public void setUserAttribute(String key, boolean value) {
        userAttributesForWrite().put(key, value);
    }

    @Override
    public Object userAttribute(String key) {
        return userAttributes == null ? null : userAttributes.get(key);
    }

    @Override
    public Map<String, Object> userAttributes() {
        return userAttributes == null ? Collections.emptyMap() : userAttributes.snapshot();
    }

    @Override
    public void removeUserAttribute(String key) {
        if (userAttributes != null) {
            userAttributes.remove(key);
        }
    }

    @Override
    public boolean writeUserAttributesToLog() {
        return writeUserAttributesToLog(CUSTOM_LOG_KEY);
    }

    @Override
    public boolean writeUserAttributesToLog(String key) {
        return userAttributesForWrite().writeToLog(effectiveHost(), log(), key);
    }

    @Override
    public void writeUserAttributesToTrace() {
        if (userAttributes != null) {
            userAttributes.writeToTrace(effectiveHost(), log());
        }
    }

    @Override
    public Registration onStreamEnd(Runnable release) {
        if (release == null) {
            throw new IllegalArgumentException("release must not be null");
        }
        if (released) {
            runReleaseAction(release);
            return Registration.NONE;
        }
        if (endActions == null) {
            endActions = new RegistrationList<>();
        }
        return endActions.add(release);
    }

    @Override
    public void resumeRequest() {
        if (!ended) {
            effectiveHost().continueStream(StreamType.REQUEST);
        }
    }

    @Override
    public void resumeResponse() {
        if (!ended) {
            effectiveHost().continueStream(StreamType.RESPONSE);
        }
    }

    @Override
    public void sendLocalResponse(int statusCode, Headers headers, byte[] body) {
        sendLocalResponse(statusCode, "", headers, body);
    }

    @Override
    public void sendLocalResponse(int statusCode, String details, Headers headers, byte[] body) {
        sendLocal(statusCode, details, headers, body, -1);
    }

    @Override
    public void sendLocalResponse(int statusCode, String body) {
        sendLocalResponse(statusCode, Headers.empty(), body == null ? EMPTY : Utf8.encode(body));
    }

    @Override
    public boolean hasSentLocalResponse() {
        return answered;
    }

    @Override
    public boolean isStreamEnded() {
        return ended;
    }

    @Override
    public void dontReadRequestBody() {
        needRequestBody = false;
    }

    @Override
    public void dontReadResponseBody() {
        needResponseBody = false;
    }

    @Override
    public void bufferRequestBody() {
        bufferRequest = true;
    }

    @Override
    public void bufferResponseBody() {
        bufferResponse = true;
    }

    @Override
    public boolean hasRequestBody() {
        return hasRequestBody;
    }

    @Override
    public boolean hasResponseBody() {
        return hasResponseBody;
    }

    @Override
    public boolean isWebsocket() {
        String connection = requestHeaderValue(CONNECTION);
        String upgrade = requestHeaderValue(UPGRADE);
        // As Higress's IsWebsocket compares them (strings.EqualFold), which for these two words is equalsIgnoreCase.
        return connection != null && upgrade != null && Utf8.equalsIgnoreCase(connection, "upgrade")
                && Utf8.equalsIgnoreCase(upgrade, "websocket");
    }

    @Override
    public void disableReroute() {
        effectiveHost().setProperty(CLEAR_ROUTE_CACHE, OFF);
    }

    @Override
    public void setRequestBodyBufferLimit(long bytes) {
        effectiveHost().setProperty(Collections.singletonList("set_decoder_buffer_limit"),
                Utf8.encode(Long.toString(bytes)));
    }

    @Override
    public void setResponseBodyBufferLimit(long bytes) {
        effectiveHost().setProperty(Collections.singletonList("set_encoder_buffer_limit"),
                Utf8.encode(Long.toString(bytes)));
    }

    // ---- trailers, whole maps, body edits, gRPC local responses ----

    @Override
    public String requestTrailer(String name) {
        return effectiveHost().header(MapType.HTTP_REQUEST_TRAILERS, name);
    }

    @Override
    public Headers requestTrailers() {
        return effectiveHost().headers(MapType.HTTP_REQUEST_TRAILERS);
    }

    @Override
    public void addRequestTrailer(String name, String value) {
        addTrailer(MapType.HTTP_REQUEST_TRAILERS, name, value);
    }

    @Override
    public void replaceRequestTrailer(String name, String value) {
        replaceTrailer(MapType.HTTP_REQUEST_TRAILERS, name, value);
    }

    @Override
    public void removeRequestTrailer(String name) {
        effectiveHost().removeHeader(MapType.HTTP_REQUEST_TRAILERS, name);
    }

    @Override
    public String responseTrailer(String name) {
        return effectiveHost().header(MapType.HTTP_RESPONSE_TRAILERS, name);
    }

    @Override
    public Headers responseTrailers() {
        return effectiveHost().headers(MapType.HTTP_RESPONSE_TRAILERS);
    }

    @Override
    public void addResponseTrailer(String name, String value) {
        addTrailer(MapType.HTTP_RESPONSE_TRAILERS, name, value);
    }

    @Override
    public void replaceResponseTrailer(String name, String value) {
        replaceTrailer(MapType.HTTP_RESPONSE_TRAILERS, name, value);
    }

    @Override
    public void removeResponseTrailer(String name) {
        effectiveHost().removeHeader(MapType.HTTP_RESPONSE_TRAILERS, name);
    }

    private void addTrailer(MapType type, String name, String value) {
        checkTrailer(name, value);
        effectiveHost().addHeader(type, name, value);
    }

    private void replaceTrailer(MapType type, String name, String value) {
        checkTrailer(name, value);
        effectiveHost().replaceHeader(type, name, value);
    }

    /** Trailers take no pseudo-headers (RFC 9113 §8.1); otherwise the rules of regular headers. */
    private static void checkTrailer(String name, String value) {
        HeaderValidator.checkRegularName(name);
        HeaderValidator.checkValue(name, value);
    }

    @Override
    public void replaceRequestHeaders(Headers headers) {
        HeaderValidator.checkReplaceAll(HeaderValidator.Target.REQUEST, nonNull(headers));
        effectiveHost().setHeaders(MapType.HTTP_REQUEST_HEADERS, headers);
    }

    @Override
    public void replaceResponseHeaders(Headers headers) {
        HeaderValidator.checkReplaceAll(HeaderValidator.Target.RESPONSE, nonNull(headers));
        effectiveHost().setHeaders(MapType.HTTP_RESPONSE_HEADERS, headers);
    }

    @Override
    public void replaceRequestTrailers(Headers trailers) {
        setTrailers(MapType.HTTP_REQUEST_TRAILERS, trailers);
    }

    @Override
    public void replaceResponseTrailers(Headers trailers) {
        setTrailers(MapType.HTTP_RESPONSE_TRAILERS, trailers);
    }

    private void setTrailers(MapType type, Headers trailers) {
        for (int i = 0; i < nonNull(trailers).size(); i++) {
            checkTrailer(trailers.name(i), trailers.value(i));
        }
        effectiveHost().setHeaders(type, trailers);
    }

    private static Headers nonNull(Headers headers) {
        if (headers == null) {
            throw new IllegalArgumentException("headers must not be null");
        }
        return headers;
    }

    /*
     * proxy_set_buffer_bytes as Envoy implements it (source/extensions/common/wasm/context.cc, Buffer::copyFrom):
     * start 0 drains `length` bytes and prepends the data; a start at or past the end appends; any other start is
     * BAD_ARGUMENT. Higress's Go SDK appends with start MaxInt32, length 0 and prepends with start 0, length 0
     * (proxy-wasm-go-sdk proxywasm/hostcall_utils.go, appendToBuffer/prependToBuffer).
     */

    @Override
    public void appendRequestBody(byte[] data) {
        effectiveHost().setBuffer(BufferType.HTTP_REQUEST_BODY, Integer.MAX_VALUE, 0, orEmpty(data));
    }

    @Override
    public void prependRequestBody(byte[] data) {
        effectiveHost().setBuffer(BufferType.HTTP_REQUEST_BODY, 0, 0, orEmpty(data));
    }

    @Override
    public void appendResponseBody(byte[] data) {
        effectiveHost().setBuffer(BufferType.HTTP_RESPONSE_BODY, Integer.MAX_VALUE, 0, orEmpty(data));
    }

    @Override
    public void prependResponseBody(byte[] data) {
        effectiveHost().setBuffer(BufferType.HTTP_RESPONSE_BODY, 0, 0, orEmpty(data));
    }

    private static byte[] orEmpty(byte[] data) {
        return data == null ? EMPTY : data;
    }

    @Override
    public void sendLocalResponse(int statusCode, String details, Headers headers, byte[] body,
            GrpcStatus grpcStatus) {
        sendLocal(statusCode, details, headers, body, grpcStatus == null ? -1 : grpcStatus.code());
    }

    /** A local response; {@code grpcStatus} -1 for none (the ABI's value for "not gRPC"). */
    private void sendLocal(int statusCode, String details, Headers headers, byte[] body, int grpcStatus) {
        Headers extra = headers == null ? Headers.empty() : headers;
        HeaderValidator.checkAddAll(HeaderValidator.Target.LOCAL_RESPONSE, extra);
        answered = true;
        effectiveHost().sendLocalResponse(statusCode, details == null ? "" : details, orEmpty(body), extra,
                grpcStatus);
    }

    // ---- pausing and injecting into a streaming response ----

    @Override
    public void needPauseStreamingResponse() {
        streamingResponseStatus = DataStatus.STOP_ITERATION_NO_BUFFER.code();
    }

    @Override
    public void injectResponseData(byte[] data, boolean endOfStream) {
        if (!ended) {
            effectiveHost().injectEncodedData(orEmpty(data), endOfStream);
        }
    }

    @Override
    public boolean injectResponseBodyAtHeaders(byte[] body) {
        return effectiveHost().callForeignFunction(InjectionArguments.ON_HEADER_FUNCTION,
                InjectionArguments.encode(orEmpty(body), true)) != null;
    }

    @Override
    public void pushBuffer(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (pushed == null) {
            pushed = new ArrayDeque<>();
        }
        pushed.addLast(data);
    }

    @Override
    public byte[] popBuffer() {
        return pushed == null ? null : pushed.pollFirst();
    }

    @Override
    public int bufferQueueSize() {
        return pushed == null ? 0 : pushed.size();
    }

    // ---- upstream host override ----

    @Override
    public List<UpstreamHost> upstreamHosts() {
        Headers pairs = effectiveHost().upstreamHosts();
        List<UpstreamHost> hosts = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            hosts.add(new UpstreamHost(pairs.name(i), pairs.value(i)));
        }
        return hosts;
    }

    @Override
    public void setUpstreamOverrideHost(String address) {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("address must not be empty");
        }
        effectiveHost().setUpstreamOverrideHost(address);
    }

    // ---- route call ----

    @Override
    public void routeCall(String method, String url, Headers headers, byte[] body, RouteCallback callback) {
        if (callback == null || method == null || url == null) {
            throw new IllegalArgumentException("method, url and callback must not be null");
        }
        // Parsed before anything changes: Higress rewrites :method and the x-envoy-original-* headers first, so a bad
        // URL leaves a half-rewritten request; here it leaves the request as it was.
        RouteCallTarget target = RouteCallTarget.of(url);
        Headers extra = headers == null ? Headers.empty() : headers;
        HeaderValidator.checkReplace(HeaderValidator.Target.REQUEST, ":method", method);
        HeaderValidator.checkReplaceAll(HeaderValidator.Target.REQUEST, extra);
        Host host = effectiveHost();
        host.removeHeader(MapType.HTTP_REQUEST_HEADERS, "accept-encoding");
        host.removeHeader(MapType.HTTP_REQUEST_HEADERS, "content-length");
        routeCall = new RouteCall(callback);
        host.replaceHeader(MapType.HTTP_REQUEST_HEADERS, "x-envoy-original-method",
                orEmpty(host.header(MapType.HTTP_REQUEST_HEADERS, ":method")));
        host.replaceHeader(MapType.HTTP_REQUEST_HEADERS, "x-envoy-original-path",
                orEmpty(host.header(MapType.HTTP_REQUEST_HEADERS, ":path")));
        host.replaceHeader(MapType.HTTP_REQUEST_HEADERS, "x-envoy-original-host",
                orEmpty(host.header(MapType.HTTP_REQUEST_HEADERS, ":authority")));
        host.replaceHeader(MapType.HTTP_REQUEST_HEADERS, ":method", method);
        host.replaceHeader(MapType.HTTP_REQUEST_HEADERS, ":path", target.path());
        if (!target.authority().isEmpty()) {
            host.replaceHeader(MapType.HTTP_REQUEST_HEADERS, ":authority", target.authority());
        }
        for (int i = 0; i < extra.size(); i++) {
            host.replaceHeader(MapType.HTTP_REQUEST_HEADERS, extra.name(i), extra.value(i));
        }
        host.setBuffer(BufferType.HTTP_REQUEST_BODY, 0, Integer.MAX_VALUE, orEmpty(body));
        // Higress logs the headers and body at info; the body may carry secrets, so only the target is logged.
        log().debug("route call start: " + method + " " + target.path() + " cluster "
                + propertyString("cluster_name"));
    }
}
