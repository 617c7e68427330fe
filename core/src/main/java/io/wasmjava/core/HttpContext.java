package io.wasmjava.core;

import java.util.Map;

/**
 * One HTTP request/response exchange (a proxy-wasm stream context). Valid from request headers until the stream
 * ends; calls made on it after the stream ended are ignored by the host. Header accessors act on the live host
 * maps of the current phase.
 *
 * <h2>Headers the plugin sets</h2>
 * The add and replace methods, and the headers of {@link #sendLocalResponse local responses}, validate the name and
 * value before anything reaches the host and throw {@link InvalidHeaderException} at the call otherwise (the host
 * copies whatever it is given, so a value with CR LF would reach an HTTP/1 upstream as an extra header line). The
 * rules are {@link HeaderValidator}'s: names are RFC 9110 tokens (any case: the host lower-cases them); values hold
 * no NUL, CR, LF or other control character except HTAB; a request's {@code :method}, {@code :scheme},
 * {@code :authority} and {@code :path} and a response's {@code :status} may be replaced (a rewrite) but never added
 * (a second one), other pseudo-headers are refused, and a local response takes none. The exception message names the
 * header and the position of the bad character, never the value. Removing a header is not validated.
 *
 * <h2>Nothing outlives the request</h2>
 * When the stream ends ({@code proxy_on_done}, or {@code proxy_on_delete} if the host skips it) the SDK releases
 * everything it registered for this request: callouts still pending (Envoy cancels them when the stream's context is
 * destroyed, so they would never be answered), promise stages bound to it and waiting on promises that outlive it,
 * {@link Promise#timeout} deadlines; at {@code proxy_on_delete} it drops the {@linkplain #attribute attributes}.
 * Plugins that park a request in a structure that outlives it (a waiter list shared by all requests, a map of
 * requests in flight) do the same with {@link #onStreamEnd}, or keep it in a {@link RegistrationList} with
 * {@link RegistrationList#addUntilStreamEnd}. A request the host forgot must not stay reachable from plugin state:
 * the VM's heap is bounded ({@code wasmjava.maxHeapMiB}) and a hung dependency holds tens of requests a second.
 *
 * <p><b>Request values.</b> {@link #scheme}, {@link #host}, {@link #path}, {@link #method}, {@link #isWebsocket} and
 * the request id in {@link #log}'s prefix come from one read of the request headers, made the first time any of them
 * is asked for, and at the latest when the request-header phase ends if the plugin has a handler in a later phase;
 * they keep those values for the rest of the stream (as Higress's SDK caches them in the header phase, so a rewrite
 * by a filter after this plugin does not show). A plugin that asks for none of them costs no header read; one that
 * asks only after its stream ended, without having asked before, gets empty values.
 */
public interface HttpContext {
    /** The proxy-wasm context id. */
    int contextId();

    /** The plugin this request belongs to. */
    PluginContext plugin();

    /** A logger whose prefix carries this request's {@code x-request-id}. */
    Log log();

    /** {@code :scheme} of the request (see "Request values" above); empty if absent. Valid in every phase. */
    String scheme();

    /** {@code :authority} of the request (see "Request values" above); empty if absent. Valid in every phase. */
    String host();

    /** {@code :path} of the request (see "Request values" above); empty if absent. Valid in every phase. */
    String path();

    /** {@code :method} of the request (see "Request values" above); empty if absent. Valid in every phase. */
    String method();

    /** The current phase. */
    ExecutionPhase executionPhase();

    /** The first value of a request header, or null. */
    String requestHeader(String name);

    /** All request headers (a snapshot). */
    Headers requestHeaders();

    /**
     * Appends a request header (an existing one of the same name stays).
     *
     * @throws InvalidHeaderException if the name or value is not valid, or the name is a pseudo-header (see the class
     *     description); nothing is added then
     */
    void addRequestHeader(String name, String value);

    /**
     * Sets a request header, replacing any existing values; {@code :method}, {@code :scheme}, {@code :authority} and
     * {@code :path} may be rewritten this way.
     *
     * @throws InvalidHeaderException if the name or value is not valid, or the name is another pseudo-header (see the
     *     class description); nothing changes then
     */
    void replaceRequestHeader(String name, String value);

    void removeRequestHeader(String name);

    /** The first value of a response header, or null. Only meaningful from the response-headers phase on. */
    String responseHeader(String name);

    /** All response headers (a snapshot). */
    Headers responseHeaders();

    /**
     * Appends a response header.
     *
     * @throws InvalidHeaderException if the name or value is not valid, or the name is a pseudo-header (see the class
     *     description); nothing is added then
     */
    void addResponseHeader(String name, String value);

    /**
     * Sets a response header, replacing any existing values; {@code :status} may be rewritten this way.
     *
     * @throws InvalidHeaderException if the name or value is not valid, or the name is another pseudo-header (see the
     *     class description); nothing changes then
     */
    void replaceResponseHeader(String name, String value);

    void removeResponseHeader(String name);

    /** Replaces the request body; only valid in a request-body phase. */
    void replaceRequestBody(byte[] body);

    /** Replaces the response body; only valid in a response-body phase. */
    void replaceResponseBody(byte[] body);

    /** A host property (e.g. {@code route_name}, {@code source.address}) as raw bytes, or null if absent. */
    byte[] property(String... path);

    /** A host property as UTF-8 text, or null if absent. */
    String propertyString(String... path);

    /** Sets a host property. */
    void setProperty(byte[] value, String... path);

    // ---- request properties (typed getters over the host properties Higress plugins read) ----

    /**
     * The name of the route the request matched (property {@code route_name}, Higress's route name, e.g.
     * {@code ai-route-qwen.internal}), or null if the host has none. Reads the host at each call.
     */
    String routeName();

    /**
     * The upstream cluster of the matched route (property {@code cluster_name}, e.g.
     * {@code outbound|443||qwen.dns}), or null. Reads the host at each call.
     */
    String clusterName();

    /**
     * The request's {@code x-request-id} header as read with the other request values (see "Request values" above),
     * or null if the request has none: the id Higress puts in log lines and in property {@code x_request_id}.
     */
    String requestId();

    /** The downstream peer's address ({@code source.address}, {@code ip:port}), or null. */
    String sourceAddress();

    /** The address the request arrived at ({@code destination.address}, {@code ip:port}), or null. */
    String destinationAddress();

    /**
     * Envoy's response code details ({@code response.code_details}; {@code via_upstream} for a response from the
     * upstream, otherwise why Envoy or a filter answered), or null before there is a response.
     */
    String responseCodeDetails();

    // ---- user attributes (Higress's SetUserAttribute and its writers) ----

    /**
     * The property Higress's {@code WriteUserAttributeToLog} writes (shown by access-log format
     * {@code %FILTER_STATE(wasm.custom_log:PLAIN)%}).
     */
    String CUSTOM_LOG_KEY = "custom_log";

    /**
     * The property Higress's AI plugins write, which its default access-log format shows
     * ({@code "ai_log":"%FILTER_STATE(wasm.ai_log:PLAIN)%"}).
     */
    String AI_LOG_KEY = "ai_log";

    /**
     * Sets user attribute {@code key}, replacing any earlier value: an entry for the access log and trace writers
     * below (Higress's {@code SetUserAttribute}). A null {@code value} is kept as JSON {@code null} (trace text
     * {@code <nil>}); use {@link #removeUserAttribute} to drop the key. Attributes are kept until the stream is
     * deleted, and never shared with another request.
     *
     * @throws IllegalArgumentException if {@code key} is null
     */
    void setUserAttribute(String key, String value);

    /** As {@link #setUserAttribute(String, String)} for an integer (JSON and trace text: decimal). */
    void setUserAttribute(String key, long value);

    /**
     * As {@link #setUserAttribute(String, String)} for a float: written as Go writes a {@code float64} (JSON
     * {@code 1.5}, {@code 1e+21}, {@code 1e-7}; trace text {@code 1e+06} from a million up). NaN and infinities make
     * {@link #writeUserAttributesToLog} fail, as Go's encoder does.
     */
    void setUserAttribute(String key, double value);

    /** As {@link #setUserAttribute(String, String)} for a boolean ({@code true}/{@code false}). */
    void setUserAttribute(String key, boolean value);

    /**
     * The value of user attribute {@code key}: a {@code String}, {@code Long}, {@code Double} or {@code Boolean}, or
     * null if absent or set to null.
     */
    Object userAttribute(String key);

    /** Every user attribute in the order first set (an unmodifiable copy; null values included). */
    Map<String, Object> userAttributes();

    /** Removes user attribute {@code key}, if present. */
    void removeUserAttribute(String key);

    /**
     * {@link #writeUserAttributesToLog(String)} with {@link #CUSTOM_LOG_KEY} (Higress's
     * {@code WriteUserAttributeToLog}).
     */
    boolean writeUserAttributesToLog();

    /**
     * Writes the user attributes into the access-log property {@code key} (Higress's
     * {@code WriteUserAttributeToLogWithKey}, e.g. {@link #AI_LOG_KEY}): reads the JSON object other plugins (or an
     * earlier call) stored there, sets every attribute over it (attributes win, other entries stay), and stores it as
     * Go's {@code json.Marshal} writes it (keys sorted, {@code <>&} escaped as {@code \}{@code u003c}...), escaped
     * once more as the inside of a JSON string literal, so that it can be spliced into a JSON access-log line. Values
     * read back from the property are numbers as Go reads them ({@code float64}: integers above 2^53 lose
     * precision), exactly as Higress re-writes them.
     *
     * @return true if written; false, after a warning, if the stored value is not an escaped JSON object (it is left
     *     as it is, as Higress does), an attribute is NaN or infinite, or the host refused the property (outside a
     *     request: {@code NOT_FOUND})
     */
    boolean writeUserAttributesToLog(String key);

    /**
     * Sets one span tag per user attribute on the request's trace span (property {@code trace_span_tag.<key>}, which
     * Higress's Envoy turns into a custom span tag; it cannot be read back), with Go's {@code fmt.Sprint} text of the
     * value ({@code 21}, {@code 1.5}, {@code true}, {@code <nil>}). An attribute whose text is empty is skipped and a
     * refused tag is logged, both at warn, as Higress's {@code WriteUserAttributeToTrace} does.
     */
    void writeUserAttributesToTrace();

    /** A per-request attribute, or null (always null once the stream has been deleted). */
    Object attribute(String key);

    /** Stores a per-request attribute; null removes it. All are dropped at {@code proxy_on_delete}. */
    void setAttribute(String key, Object value);

    /**
     * Runs {@code release} once when this stream ends: at {@code proxy_on_done}, or at {@code proxy_on_delete} for a
     * host that skips it, after {@link #isStreamEnded} has become true. Use it to take this request out of anything
     * that outlives it; it must not act on the request (the host has ended it). Actions run in the order registered;
     * one that throws is logged at critical and the others still run. If the stream has already ended,
     * {@code release} runs at once, before this method returns.
     *
     * @return cancels the action (constant time); cancel it when the entry it would remove is gone anyway, so that
     *     a long stream does not accumulate stale actions
     * @throws IllegalArgumentException if {@code release} is null
     */
    Registration onStreamEnd(Runnable release);

    /**
     * Continues a request held by a stop status (a header or body handler that returned a stop, typically while a
     * callout it started is pending; call it from the callout's callback). No-op once the stream has ended.
     */
    void resumeRequest();

    /** As {@link #resumeRequest()}, for a response held in the response-headers or response-body phase. */
    void resumeResponse();

    /**
     * Answers the request locally with {@code statusCode}, {@code headers} and {@code body}.
     *
     * @throws InvalidHeaderException if a header is not valid or is a pseudo-header (see the class description);
     *     nothing is sent then
     */
    void sendLocalResponse(int statusCode, Headers headers, byte[] body);

    /**
     * Answers the request locally, with {@code details} as Envoy's response code details (shown in access logs as
     * {@code %RESPONSE_CODE_DETAILS%}, e.g. {@code cluster-key-rate-limit.rejected}).
     *
     * @throws InvalidHeaderException as {@link #sendLocalResponse(int, Headers, byte[])}
     */
    void sendLocalResponse(int statusCode, String details, Headers headers, byte[] body);

    /** Answers the request locally with a UTF-8 text body and no extra headers. */
    void sendLocalResponse(int statusCode, String body);

    /** True once {@link #sendLocalResponse} was called for this request. */
    boolean hasSentLocalResponse();

    /** True once the host has ended the stream ({@code proxy_on_done}); callbacks for it are then dropped. */
    boolean isStreamEnded();

    /**
     * Skips the request-body handlers for this request: the body passes through unread. Call it in the
     * request-headers phase (Higress's {@code DontReadRequestBody}); the SDK does the same for binary and WebSocket
     * requests.
     */
    void dontReadRequestBody();

    /** Skips the response-body handlers for this request; call it at the latest in the response-headers phase. */
    void dontReadResponseBody();

    /**
     * Gives this request's body to the buffered handler ({@link Plugin.Builder#onRequestBody}) even though a
     * streaming one is set; no effect without a buffered handler. Call it before the body arrives.
     */
    void bufferRequestBody();

    /** As {@link #bufferRequestBody()}, for the response body and {@link Plugin.Builder#onResponseBody}. */
    void bufferResponseBody();

    /** True if the request headers did not end the stream (a body follows). */
    boolean hasRequestBody();

    /** True if the response headers did not end the stream. */
    boolean hasResponseBody();

    /** True for a WebSocket upgrade request. */
    boolean isWebsocket();

    /** Keeps the route chosen before this plugin changed headers (property {@code clear_route_cache=off}). */
    void disableReroute();

    /**
     * Raises (or lowers) how much of this request's body Envoy buffers for a stop status before it answers 413,
     * in place of the listener's {@code per_connection_buffer_limit_bytes}: sets Higress's property
     * {@code set_decoder_buffer_limit} to the decimal value. Call it in the request-headers phase.
     */
    void setRequestBodyBufferLimit(long bytes);

    /** As {@link #setRequestBodyBufferLimit}, for the response body (property {@code set_encoder_buffer_limit}). */
    void setResponseBodyBufferLimit(long bytes);

    // ---- trailers, whole maps, body edits, gRPC local responses ----

    /**
     * The first value of a request trailer, or null. Only in {@link Plugin.Builder#onRequestTrailers}: Envoy holds the
     * request trailers in no other phase.
     *
     * @throws io.wasmjava.core.host.HostStatusException ({@code BAD_ARGUMENT}) outside that phase
     */
    String requestTrailer(String name);

    /** All request trailers (a snapshot); same phase rule as {@link #requestTrailer}. */
    Headers requestTrailers();

    /**
     * Appends a request trailer; same phase rule as {@link #requestTrailer}.
     *
     * @throws InvalidHeaderException if the name or value is not valid, or the name is a pseudo-header (trailers take
     *     none); nothing is added then
     */
    void addRequestTrailer(String name, String value);

    /**
     * Sets a request trailer, replacing any existing values; same phase rule as {@link #requestTrailer}.
     *
     * @throws InvalidHeaderException as {@link #addRequestTrailer}
     */
    void replaceRequestTrailer(String name, String value);

    /** Removes every request trailer named {@code name}; same phase rule as {@link #requestTrailer}. */
    void removeRequestTrailer(String name);

    /**
     * The first value of a response trailer (e.g. {@code grpc-status}), or null. Only in
     * {@link Plugin.Builder#onResponseTrailers}, and in {@link Plugin.Builder#onStreamDone} (read-only there, as Envoy
     * gives them to access loggers).
     */
    String responseTrailer(String name);

    /** All response trailers (a snapshot); same phase rule as {@link #responseTrailer}. */
    Headers responseTrailers();

    /**
     * Appends a response trailer; only in {@link Plugin.Builder#onResponseTrailers}.
     *
     * @throws InvalidHeaderException as {@link #addRequestTrailer}
     */
    void addResponseTrailer(String name, String value);

    /**
     * Sets a response trailer, replacing any existing values; only in {@link Plugin.Builder#onResponseTrailers}.
     *
     * @throws InvalidHeaderException as {@link #addRequestTrailer}
     */
    void replaceResponseTrailer(String name, String value);

    /** Removes every response trailer named {@code name}; only in {@link Plugin.Builder#onResponseTrailers}. */
    void removeResponseTrailer(String name);

    /**
     * Replaces all request headers with {@code headers} in one host call ({@code proxy_set_header_map_pairs}): Envoy
     * clears the map and adds each pair, in order. Include the pseudo-headers the request keeps ({@code :method},
     * {@code :path}, {@code :authority}, {@code :scheme}): a pseudo-header left out is gone.
     *
     * @throws InvalidHeaderException if a pair is not valid, or is a pseudo-header a request may not carry; nothing
     *     changes then
     */
    void replaceRequestHeaders(Headers headers);

    /**
     * Replaces all response headers, as {@link #replaceRequestHeaders}; keep {@code :status}.
     *
     * @throws InvalidHeaderException if a pair is not valid, or is a pseudo-header other than {@code :status}
     */
    void replaceResponseHeaders(Headers headers);

    /**
     * Replaces all request trailers in one host call; same phase rule as {@link #requestTrailer}.
     *
     * @throws InvalidHeaderException if a pair is not valid or is a pseudo-header; nothing changes then
     */
    void replaceRequestTrailers(Headers trailers);

    /**
     * Replaces all response trailers in one host call; only in {@link Plugin.Builder#onResponseTrailers}.
     *
     * @throws InvalidHeaderException if a pair is not valid or is a pseudo-header; nothing changes then
     */
    void replaceResponseTrailers(Headers trailers);

    /**
     * Appends {@code data} to the request body the host holds now ({@code proxy_set_buffer_bytes} with a start past
     * the end, as Higress's {@code AppendHttpRequestBody}): in a buffered handler the whole body, in a streaming one
     * the current chunk (which the handler's return value then replaces, keeping what was appended after it). Only
     * valid in a request-body phase. Remove {@code content-length} in the header phase when the length changes.
     */
    void appendRequestBody(byte[] data);

    /**
     * Inserts {@code data} before the request body the host holds now (start 0, length 0); otherwise as
     * {@link #appendRequestBody}.
     */
    void prependRequestBody(byte[] data);

    /** As {@link #appendRequestBody}, for the response body; only valid in a response-body phase. */
    void appendResponseBody(byte[] data);

    /** As {@link #prependRequestBody}, for the response body; only valid in a response-body phase. */
    void prependResponseBody(byte[] data);

    /**
     * Answers the request locally, telling Envoy the gRPC status to use if the request is gRPC
     * ({@code content-type: application/grpc...}). Envoy then answers HTTP 200 {@code application/grpc} with
     * {@code grpc-status} set to {@code grpcStatus}'s code and {@code grpc-message} set to the percent-encoded
     * {@code body} (its trailing newline dropped), and no body: a trailers-only gRPC response; {@code statusCode}
     * is not sent. For a request that is not gRPC, Envoy ignores {@code grpcStatus} and answers as
     * {@link #sendLocalResponse(int, String, Headers, byte[])} (Envoy {@code Http::Utility::prepareLocalReply}).
     *
     * @param grpcStatus the gRPC status; null sends a plain local response (Envoy then maps {@code statusCode} to a
     *     gRPC status for gRPC requests: 401 to UNAUTHENTICATED, 403 to PERMISSION_DENIED, 429 and 503 to
     *     UNAVAILABLE, ...)
     * @throws InvalidHeaderException as {@link #sendLocalResponse(int, Headers, byte[])}
     */
    void sendLocalResponse(int statusCode, String details, Headers headers, byte[] body, GrpcStatus grpcStatus);

    // ---- pausing and injecting into a streaming response ----

    /**
     * Holds the response data of this request: from now on, after each
     * {@linkplain Plugin.Builder#onStreamingResponseBody streaming response chunk} the SDK replaces the chunk with
     * the handler's return value as usual, but returns {@link DataStatus#STOP_ITERATION_NO_BUFFER}, so Envoy
     * forwards nothing of it (Higress's
     * {@code NeedPauseStreamingResponse}). The plugin then sends the response data itself with
     * {@link #injectResponseData}, typically from a callout's callback after collecting chunks with
     * {@link #pushBuffer}. No effect on a buffered response handler.
     */
    void needPauseStreamingResponse();

    /**
     * Sends {@code data} to the filters after this one in the response direction, as if the upstream had sent it
     * (Higress's {@code proxy_inject_encoded_data_to_filter_chain}; Envoy's
     * {@code StreamEncoderFilterCallbacks::injectEncodedDataToFilterChain}). Call it outside the response-body
     * handler, from an asynchronous callback (a callout's), on a response paused with
     * {@link #needPauseStreamingResponse}; {@code endOfStream} true ends the response, after which nothing more may
     * be injected. Envoy accepts the call whatever the outcome (the host returns OK); no-op once the stream ended.
     *
     * @throws io.wasmjava.core.host.HostStatusException if the host does not implement the Higress extension
     *     ({@code UNIMPLEMENTED}: plain Envoy, or a host without it)
     */
    void injectResponseData(byte[] data, boolean endOfStream);

    /**
     * Gives a response that has no body of its own (its headers ended the stream) the body {@code body}, from the
     * response-headers phase: Higress's foreign function {@code inject_encoded_data_to_filter_chain_on_header}
     * (argument: protobuf {@code InjectEncodedDataToFilterChainArguments{body, endstream=true}}). Higress documents
     * that the original response must have no body (otherwise the gateway crashes), that the phase should return a
     * stop status, and that the injection happens asynchronously. Remove {@code content-length} first.
     *
     * @return false if the host has no such function (plain Envoy): answer with
     *     {@link #sendLocalResponse(int, String, Headers, byte[])} instead, as Higress's MCP server does
     */
    boolean injectResponseBodyAtHeaders(byte[] body);

    /** Queues {@code data} on this request's FIFO (Higress's {@code PushBuffer}); dropped when the stream ends. */
    void pushBuffer(byte[] data);

    /** Takes the oldest entry off this request's FIFO, or null if it is empty (Higress's {@code PopBuffer}). */
    byte[] popBuffer();

    /** How many entries this request's FIFO holds (Higress's {@code BufferQueueSize}). */
    int bufferQueueSize();

    // ---- upstream host override ----

    /**
     * The hosts of the cluster this request is routed to (Higress's {@code proxy_get_upstream_hosts}, used by its
     * ai-load-balancer), in the host's order; empty if the host reports none. Call it in the request-headers phase.
     *
     * @throws io.wasmjava.core.host.HostStatusException ({@code UNIMPLEMENTED}) on a host without the Higress
     *     extension; note that a module calling this imports the function, which only Higress's Envoy provides
     */
    java.util.List<UpstreamHost> upstreamHosts();

    /**
     * Sends this request to {@code address} ({@code ip:port}, one of {@link #upstreamHosts()}) instead of the host
     * the load balancer would pick (Higress's {@code proxy_set_upstream_override_host}; Envoy
     * {@code StreamDecoderFilterCallbacks::setUpstreamOverrideHost}: used if the address is a host of the routed
     * cluster). Call it in the request-headers phase. Higress always answers OK.
     *
     * @throws IllegalArgumentException if {@code address} is null or empty
     */
    void setUpstreamOverrideHost(String address);

    // ---- route call ----

    /**
     * Sends this request, rewritten, to another URL on its own route and cluster, and hands the upstream's response
     * to {@code callback} instead of to the plugin's response handlers (Higress's {@code RouteCall}, wasm-go
     * {@code pkg/wrapper/plugin_wrapper.go}). Call it in the request-body phase of a request whose header phase
     * returned a stop status, then let the body phase continue. The request is rewritten as Higress does, in this
     * order: {@code accept-encoding} and {@code content-length} removed; {@code x-envoy-original-method},
     * {@code -path} and {@code -host} set to the current {@code :method}, {@code :path} and {@code :authority};
     * {@code :method} set; {@code :path} set to the URL's escaped path (with a leading {@code /}), {@code ?query} and
     * {@code #fragment}; {@code :authority} set to the URL's host and port if it has one; each of {@code headers}
     * set (replacing); the body replaced. Changing {@code :path} or {@code :authority} makes Envoy pick the route
     * again unless {@link #disableReroute()} was called first.
     *
     * <p>The response: if its headers end it, {@code callback} gets the status and headers and an empty body, and the
     * header phase returns {@link HeaderStatus#STOP_ALL_ITERATION_AND_WATERMARK}; otherwise the body is buffered to
     * its end, {@code content-length} is removed and the callback gets status, headers and body, and the phase
     * continues (so the callback typically replaces the body or answers locally). The status is the {@code :status}
     * header, 500 if absent, 0 if not a number (as Higress reads it).
     *
     * <p>Divergence: Higress changes {@code :method} and the original-* headers before it parses the URL, so a bad
     * URL leaves a half-rewritten request; here the URL is checked first and nothing changes.
     *
     * @throws IllegalArgumentException if the URL is not one Go's {@code url.Parse} accepts (the message says why), or
     *     an argument other than {@code headers} and {@code body} is null
     * @throws InvalidHeaderException if {@code method} or a header is not valid
     */
    void routeCall(String method, String url, Headers headers, byte[] body, RouteCallback callback);

    /** Receives the response of a {@link #routeCall}. */
    @FunctionalInterface
    interface RouteCallback {
        /**
         * Called once in the response phase that completes the response: {@code statusCode} as described at
         * {@link #routeCall}, the response headers (a snapshot), the whole body (empty if none).
         */
        void onResponse(int statusCode, Headers headers, byte[] body);
    }
}
