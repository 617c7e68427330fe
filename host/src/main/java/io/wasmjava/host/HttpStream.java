package io.wasmjava.host;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.MapType;
import io.wasmjava.host.PluginEngine.Export;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * One HTTP request/response exchange through the plugin (a proxy-wasm stream context), created by
 * {@link PluginInstance#newStream()}. The phase methods deliver what Envoy would and return the plugin's status; the
 * accessors show the stream's state as the host sees it now (after the plugin's changes), so tests assert on whole
 * values:
 *
 * <pre>{@code
 * HttpStream stream = harness.newStream();
 * assertThat(stream.requestHeaders(Headers.of(":authority", "example.com", ":path", "/"), true))
 *         .isEqualTo(HeaderStatus.CONTINUE);
 * assertThat(stream.requestHeaders()).isEqualTo(Headers.of(":authority", "example.com", ":path", "/", "hello", "world"));
 * stream.complete();
 * }</pre>
 *
 * <p>Header names are lower-cased on the way in, as Envoy does. The stream does not enforce Envoy's phase order;
 * send phases in an order Envoy could produce. After {@link #complete()} the phase methods throw.
 */
public final class HttpStream {
    private final PluginInstance harness;
    private final int contextId;
    private boolean complete;

    HttpStream(PluginInstance harness, int contextId) {
        this.harness = harness;
        this.contextId = contextId;
    }

    /** The proxy-wasm context id (2, 3, ... in creation order). */
    public int contextId() {
        return contextId;
    }

    private StreamState state() {
        return harness.host().streams.stream(contextId);
    }

    // ---- phases ----

    /** Delivers request headers ({@code proxy_on_request_headers}) and returns the plugin's status. */
    public HeaderStatus requestHeaders(Headers headers, boolean endOfStream) {
        return headerPhase(Export.REQUEST_HEADERS, MapType.HTTP_REQUEST_HEADERS, headers, endOfStream);
    }

    /**
     * Delivers a request body chunk ({@code proxy_on_request_body}) and returns the plugin's status. After the plugin
     * returned {@link DataStatus#STOP_ITERATION_AND_BUFFER}, the chunk is appended to the data buffered so far.
     */
    public DataStatus requestBody(byte[] chunk, boolean endOfStream) {
        return bodyPhase(Export.REQUEST_BODY, BufferType.HTTP_REQUEST_BODY, chunk, endOfStream);
    }

    /** Delivers a UTF-8 request body chunk; see {@link #requestBody(byte[], boolean)}. */
    public DataStatus requestBody(String chunk, boolean endOfStream) {
        return requestBody(chunk.getBytes(StandardCharsets.UTF_8), endOfStream);
    }

    /**
     * Delivers request trailers ({@code proxy_on_request_trailers}); the result is {@link HeaderStatus#CONTINUE} or
     * {@link HeaderStatus#STOP_ITERATION}, the two trailer statuses.
     */
    public HeaderStatus requestTrailers(Headers trailers) {
        return headerPhase(Export.REQUEST_TRAILERS, MapType.HTTP_REQUEST_TRAILERS, trailers, true);
    }

    /** Delivers response headers ({@code proxy_on_response_headers}) and returns the plugin's status. */
    public HeaderStatus responseHeaders(Headers headers, boolean endOfStream) {
        return headerPhase(Export.RESPONSE_HEADERS, MapType.HTTP_RESPONSE_HEADERS, headers, endOfStream);
    }

    /** Delivers a response body chunk ({@code proxy_on_response_body}); buffering as for the request body. */
    public DataStatus responseBody(byte[] chunk, boolean endOfStream) {
        return bodyPhase(Export.RESPONSE_BODY, BufferType.HTTP_RESPONSE_BODY, chunk, endOfStream);
    }

    /** Delivers a UTF-8 response body chunk; see {@link #responseBody(byte[], boolean)}. */
    public DataStatus responseBody(String chunk, boolean endOfStream) {
        return responseBody(chunk.getBytes(StandardCharsets.UTF_8), endOfStream);
    }

    /** Delivers response trailers ({@code proxy_on_response_trailers}). */
    public HeaderStatus responseTrailers(Headers trailers) {
        return headerPhase(Export.RESPONSE_TRAILERS, MapType.HTTP_RESPONSE_TRAILERS, trailers, true);
    }

    /**
     * Runs a stream callback with the header count or body size the host passes and, unless it is a trailers
     * callback (which takes none), {@code end_of_stream}.
     */
    private int phase(Export export, int countOrSize, boolean endOfStream) {
        int[] args = export.arity() == 2 ? new int[] {contextId, countOrSize}
                : new int[] {contextId, countOrSize, endOfStream ? 1 : 0};
        return harness.callback(contextId, export, args);
    }

    private HeaderStatus headerPhase(Export export, MapType type, Headers headers, boolean endOfStream) {
        checkActive();
        int count = harness.host().streams.receive(contextId, type, Objects.requireNonNull(headers, "headers"));
        int code = phase(export, count, endOfStream);
        HeaderStatus status = decode(export, code, HeaderStatus.values(), HeaderStatus::code, "header");
        harness.host().streams.headersReturned(contextId, type, status);
        return status;
    }

    private DataStatus bodyPhase(Export export, BufferType type, byte[] chunk, boolean endOfStream) {
        checkActive();
        int size = harness.host().streams.receive(contextId, type, Objects.requireNonNull(chunk, "chunk"));
        int code = phase(export, size, endOfStream);
        DataStatus status = decode(export, code, DataStatus.values(), DataStatus::code, "data");
        harness.host().streams.bodyReturned(contextId, type, status);
        return status;
    }

    /**
     * Ends the stream as Envoy does: {@code proxy_on_done}, {@code proxy_on_log} (with the final headers readable),
     * {@code proxy_on_delete}. Callouts still pending for this stream stay answerable; the SDK drops their responses.
     *
     * @throws IllegalStateException if the stream is already complete
     */
    public void complete() {
        checkActive();
        complete = true;
        harness.callback(contextId, Export.DONE, contextId);
        harness.host().streams.setAccessLogPhase(true);
        try {
            harness.callback(contextId, Export.LOG, contextId);
        } finally {
            harness.host().streams.setAccessLogPhase(false);
        }
        harness.callback(contextId, Export.DELETE, contextId);
        harness.host().deleteContext(contextId);
    }

    /** True once {@link #complete()} was called. */
    public boolean isComplete() {
        return complete;
    }

    // ---- state ----

    /** The request headers as they are now, after the plugin's changes; empty before any were sent. */
    public Headers requestHeaders() {
        return state().map(MapType.HTTP_REQUEST_HEADERS);
    }

    /** The request trailers as they are now; empty before any were sent. */
    public Headers requestTrailers() {
        return state().map(MapType.HTTP_REQUEST_TRAILERS);
    }

    /** The response headers as they are now, after the plugin's changes; empty before any were sent. */
    public Headers responseHeaders() {
        return state().map(MapType.HTTP_RESPONSE_HEADERS);
    }

    /** The response trailers as they are now; empty before any were sent. */
    public Headers responseTrailers() {
        return state().map(MapType.HTTP_RESPONSE_TRAILERS);
    }

    /**
     * The request body buffer as the plugin left it after the last body callback: the last chunk, or all data
     * buffered so far. A copy.
     */
    public byte[] requestBody() {
        return state().requestBody.bytes.clone();
    }

    /** {@link #requestBody()} decoded as UTF-8. */
    public String requestBodyText() {
        return new String(state().requestBody.bytes, StandardCharsets.UTF_8);
    }

    /** The response body buffer as the plugin left it after the last body callback. A copy. */
    public byte[] responseBody() {
        return state().responseBody.bytes.clone();
    }

    /** {@link #responseBody()} decoded as UTF-8. */
    public String responseBodyText() {
        return new String(state().responseBody.bytes, StandardCharsets.UTF_8);
    }

    /**
     * The response the plugin sent itself ({@code proxy_send_local_response}), or null if it sent none. If it sent
     * several, the first (Envoy acts on the first).
     */
    public LocalResponse localResponse() {
        List<LocalResponse> responses = state().localResponses;
        return responses.isEmpty() ? null : responses.get(0);
    }

    /**
     * What Envoy would send downstream for {@link #localResponse()} ({@link LocalReply#of}: a trailers-only gRPC
     * response to a gRPC request), judged by the request headers as they are now; null if the plugin sent none.
     */
    public LocalReply localReply() {
        LocalResponse response = localResponse();
        return response == null ? null : LocalReply.of(response, requestHeaders());
    }

    /**
     * The span tags the plugin set on this request's trace span (property {@code trace_span_tag.<name>}, as
     * Higress's Envoy turns it into a custom span tag), by name in the order first set; the last value of each.
     */
    public Map<String, String> spanTags() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(state().spanTags));
    }

    /** Every local response the plugin sent on this stream, in order. */
    public List<LocalResponse> localResponses() {
        return List.copyOf(state().localResponses);
    }

    /**
     * The response data the plugin injected into the filter chain after itself, in order
     * ({@code proxy_inject_encoded_data_to_filter_chain} and the header phase's foreign function).
     */
    public List<InjectedData> injectedResponseData() {
        return List.copyOf(state().injected);
    }

    /** The host the plugin routed this request to ({@code proxy_set_upstream_override_host}), or null. */
    public String upstreamOverrideHost() {
        return state().upstreamOverrideHost;
    }

    /** How often the plugin resumed the request ({@code proxy_continue_stream(REQUEST)}). */
    public int requestResumeCount() {
        return state().requestResumes;
    }

    /** True if the plugin resumed the request at least once. */
    public boolean requestResumed() {
        return state().requestResumes > 0;
    }

    /** How often the plugin resumed the response ({@code proxy_continue_stream(RESPONSE)}). */
    public int responseResumeCount() {
        return state().responseResumes;
    }

    /** True if the plugin resumed the response at least once. */
    public boolean responseResumed() {
        return state().responseResumes > 0;
    }

    /**
     * Sets a property for this stream only (e.g. {@code route_name} to exercise per-route rules); null removes it.
     * Returns this stream.
     */
    public HttpStream property(String name, String value) {
        return property(List.of(name), value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Sets a property at a multi-segment path for this stream only; null removes it. Returns this stream. */
    public HttpStream property(List<String> path, byte[] value) {
        PropertyStore.put(state().properties, path, value);
        return this;
    }

    /**
     * The property as this stream sees it: its own value (set by the test or by the plugin), else the host-wide
     * value; UTF-8, or null if absent.
     */
    public String propertyText(String... path) {
        List<String> key = Arrays.asList(path);
        byte[] value = state().properties.get(key);
        if (value == null) {
            value = harness.host().hostProperty(key);
        }
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HttpStream{context=" + contextId + (complete ? ", complete" : "") + "}";
    }

    private void checkActive() {
        if (complete) {
            throw new IllegalStateException("stream " + contextId + " is complete");
        }
    }

    private static <S> S decode(Export export, int code, S[] statuses, ToIntFunction<S> codeOf, String kind) {
        S status = AbiCodes.decode(statuses, codeOf, code);
        if (status == null) {
            throw new HostProblemException(
                    export.symbol() + " returned " + code + ", which is not a " + kind + " status");
        }
        return status;
    }
}
