package io.wasmjava.interop.phases;

import io.wasmjava.core.Callouts;
import io.wasmjava.core.DataStatus;
import io.wasmjava.core.GrpcStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Limits;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.SharedQueue;
import io.wasmjava.core.TrailersStatus;
import io.wasmjava.core.UpstreamHost;
import io.wasmjava.core.Utf8;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exercises every phase of the plugin API. Each request names what the plugin does in header {@code x-do}, a
 * comma-separated list of steps (an unknown one is answered 400); with none, it only reports what it sees:
 *
 * <ul>
 *   <li>request headers: adds {@code x-matrix-request} (method, URL, header count, body and WebSocket flags,
 *       phase, the configured {@code tag}, the plugin name and how often it started) and renames {@code x-rename}
 *       to {@code x-renamed};
 *   <li>request and response bodies: a streaming chunk is upper-cased (the last one gets {@code "."} appended), a
 *       buffered body is wrapped in brackets; both handlers are set, so the streaming one gets the body unless the
 *       request asks for {@code buffer-request}/{@code buffer-response};
 *   <li>response headers: adds {@code x-matrix-response} (status, body flag, phase, header count, the steps
 *       remembered from the request), replaces {@code server} and removes {@code x-internal};
 *   <li>stream done: logs the final status and flags; the release action registered at request headers logs too.
 * </ul>
 *
 * <p>A {@code stop@<phase>} step holds the phase, calls cluster {@code outbound|80||auth} and resumes when the call
 * answers (after adding the answer's status as {@code x-auth-status}, or replacing the body with the answer's body in
 * a body phase); {@code local@<phase>} answers from that phase; {@code local@callout} answers from the callout's
 * callback instead of resuming. {@code buffer-request}, {@code buffer-response}, {@code skip-request-body},
 * {@code skip-response-body}, {@code reroute-off} and {@code buffer-limits} call the {@link HttpContext} method of
 * that name in the request-headers phase; {@code copy-route} copies property {@code route_name} to
 * {@code matrix_route} and to header {@code x-route}. Bodies over {@value #MAX_BODY_BYTES} bytes are answered 413
 * (limits set before {@code parseConfig}). {@code stop@<body phase>} needs the buffered handler: a streaming handler
 * cannot hold its phase.
 *
 * <p>Trailers, whole maps, body edits, gRPC and injection: {@code trailers} makes each trailer handler add
 * {@code x-matrix-trailer} (the count, the first value of {@code x-checksum} or {@code grpc-status}, the phase),
 * replace that trailer and remove {@code x-drop}; {@code replace-trailers} replaces the whole trailer map with
 * {@code x-only: 1}; {@code replace-headers} replaces the whole request map (path {@code /replaced}) and response map
 * (status 201); {@code edit-body} makes the body handlers prepend {@code <} and append {@code >} instead of their
 * usual change; {@code grpc@request-headers} answers with gRPC status UNAVAILABLE; {@code pause-response} pauses the
 * streaming response, pushes each chunk on the request's FIFO and, after the last, calls the auth cluster and
 * injects the upper-cased pieces, ending the stream with the last; {@code inject@response-headers} gives a bodiless
 * response the body {@code injected at headers} through the header-phase foreign function (or answers 500 locally on
 * a host without it); {@code route-call} (with {@code buffer-request}) holds the request headers and, in the body
 * phase, route-calls the URL in header {@code x-route-url} (bad URLs answered 400 with the reason), then reports the
 * routed response in response header {@code x-routed} (status and header count) and, if it has a body, replaces the
 * body with {@code routed <status>: <body>}; {@code upstream} sends the request to the first upstream host whose
 * info says {@code "Healthy"} and reports the number of hosts in request header {@code x-upstreams};
 * {@code enqueue} puts the request path on shared queue {@value #QUEUE} (registered at plugin start, whose listener
 * logs {@code queue <id>: [<entries>]} for all it dequeues) and reports in {@code x-queue} the queue id and whether
 * an unknown name and another VM id resolve to nothing.
 */
public final class PhaseMatrixPlugin {
    public static final String AUTH_CLUSTER = "outbound|80||auth";
    public static final int MAX_BODY_BYTES = 64;
    public static final String QUEUE = "matrix-queue";
    private static final String STEPS = "steps";
    private static final List<String> KNOWN_STEPS = Arrays.asList("stop@request-headers", "local@request-headers",
            "stop@request-body", "local@request-body", "stop@response-headers", "local@response-headers",
            "stop@response-body", "local@response-body", "local@callout", "buffer-request", "buffer-response",
            "skip-request-body", "skip-response-body", "reroute-off", "buffer-limits", "copy-route", "trailers",
            "replace-trailers", "replace-headers", "edit-body", "grpc@request-headers", "pause-response",
            "inject@response-headers", "route-call", "upstream", "enqueue");

    private PhaseMatrixPlugin() {
    }

    public static Plugin<String> definition() {
        return Plugin.builder("phase-matrix")
                .limits(Limits.newBuilder().maxBodyBytes(MAX_BODY_BYTES).bodyOverflow(Limits.BodyOverflow.REJECT)
                        .build())
                .onPluginStart(plugin -> {
                    Integer starts = (Integer) plugin.attribute("starts");
                    plugin.setAttribute("starts", starts == null ? 1 : starts + 1);
                    plugin.registerSharedQueue(QUEUE, queue -> {
                        List<String> entries = new ArrayList<>();
                        for (byte[] entry = queue.dequeue(); entry != null; entry = queue.dequeue()) {
                            entries.add(Utf8.decode(entry));
                        }
                        plugin.log().info("queue " + queue.id() + ": " + entries);
                    });
                })
                .parseConfig((json, plugin) -> json.string("tag", "none"))
                .onRequestHeaders(PhaseMatrixPlugin::requestHeaders)
                .onRequestBody((http, tag, body) -> body(http, body, true))
                .onStreamingRequestBody((http, tag, chunk, last) -> chunk(http, chunk, last, true))
                .onResponseHeaders(PhaseMatrixPlugin::responseHeaders)
                .onResponseBody((http, tag, body) -> body(http, body, false))
                .onStreamingResponseBody((http, tag, chunk, last) -> chunk(http, chunk, last, false))
                .onRequestTrailers((http, tag) -> trailers(http, true))
                .onResponseTrailers((http, tag) -> trailers(http, false))
                .onStreamDone((http, tag) -> http.log().info("done: status " + http.responseHeader(":status")
                        + ", local " + http.hasSentLocalResponse() + ", ended " + http.isStreamEnded() + ", phase "
                        + http.executionPhase()))
                .build();
    }

    private static HeaderStatus requestHeaders(HttpContext http, String tag) {
        List<String> steps = steps(http.requestHeader("x-do"));
        for (String step : steps) {
            if (!KNOWN_STEPS.contains(step)) {
                http.sendLocalResponse(400, "unknown step " + step);
                return HeaderStatus.STOP_ITERATION;
            }
        }
        http.setAttribute(STEPS, steps);
        int contextId = http.contextId();
        http.onStreamEnd(() -> http.plugin().log().info("released stream " + contextId));
        if (has(http, "reroute-off")) {
            http.disableReroute();
        }
        if (has(http, "buffer-limits")) {
            http.setRequestBodyBufferLimit(1 << 20);
            http.setResponseBodyBufferLimit(2L << 20);
        }
        if (has(http, "copy-route")) {
            byte[] route = http.property("route_name");
            http.setProperty(route, "matrix_route");
            http.addRequestHeader("x-route", http.propertyString("route_name"));
        }
        if (has(http, "skip-request-body")) {
            http.dontReadRequestBody();
        }
        if (has(http, "skip-response-body")) {
            http.dontReadResponseBody();
        }
        if (has(http, "buffer-request")) {
            http.bufferRequestBody();
        }
        if (has(http, "buffer-response")) {
            http.bufferResponseBody();
        }
        http.addRequestHeader("x-matrix-request", http.method() + " " + http.scheme() + "://" + http.host()
                + http.path() + " headers=" + http.requestHeaders().size() + " body=" + http.hasRequestBody() + " ws="
                + http.isWebsocket() + " phase="
                + http.executionPhase() + " tag=" + tag + " plugin=" + http.plugin().pluginName() + " starts="
                + http.plugin().attribute("starts"));
        String rename = http.requestHeader("x-rename");
        if (rename != null) {
            http.replaceRequestHeader("x-renamed", rename);
            http.removeRequestHeader("x-rename");
        }
        if (has(http, "upstream")) {
            List<UpstreamHost> hosts = http.upstreamHosts();
            for (UpstreamHost host : hosts) {
                if (host.info().contains("\"Healthy\"")) {
                    http.setUpstreamOverrideHost(host.address());
                    break;
                }
            }
            http.addRequestHeader("x-upstreams", String.valueOf(hosts.size()));
        }
        if (has(http, "enqueue")) {
            SharedQueue queue = http.plugin().resolveSharedQueue("", QUEUE);
            boolean enqueued = queue.enqueue(Utf8.encode(http.path()));
            http.addRequestHeader("x-queue", queue.id() + " enqueued=" + enqueued + " unknown="
                    + http.plugin().resolveSharedQueue("", "no-such-queue") + " other-vm="
                    + http.plugin().resolveSharedQueue("other-vm", QUEUE));
        }
        if (has(http, "replace-headers")) {
            http.replaceRequestHeaders(Headers.of(":authority", "example.com", ":method", "GET", ":path", "/replaced",
                    ":scheme", "https", "x-only", "1"));
        }
        if (has(http, "local@request-headers")) {
            http.sendLocalResponse(403, "denied at request headers");
            return HeaderStatus.STOP_ITERATION;
        }
        if (has(http, "grpc@request-headers")) {
            http.sendLocalResponse(503, "matrix.grpc", Headers.of("x-reason", "grpc"), Utf8.encode("unavailable"),
                    GrpcStatus.UNAVAILABLE);
            return HeaderStatus.STOP_ITERATION;
        }
        if (has(http, "stop@request-headers")) {
            callAuth(http, true, false);
            return HeaderStatus.STOP_ITERATION;
        }
        return has(http, "route-call") ? HeaderStatus.STOP_ITERATION : HeaderStatus.CONTINUE;
    }

    private static HeaderStatus responseHeaders(HttpContext http, String tag) {
        http.addResponseHeader("x-matrix-response", "status=" + http.responseHeader(":status") + " body="
                + http.hasResponseBody() + " phase=" + http.executionPhase() + " headers="
                + http.responseHeaders().size() + " steps=" + http.attribute(STEPS));
        if (http.responseHeader("server") != null) {
            http.replaceResponseHeader("server", "matrix");
        }
        http.removeResponseHeader("x-internal");
        if (has(http, "replace-headers")) {
            http.replaceResponseHeaders(Headers.of(":status", "201", "x-only", "1"));
        }
        if (has(http, "pause-response")) {
            http.needPauseStreamingResponse();
        }
        if (has(http, "inject@response-headers")) {
            http.removeResponseHeader("content-length");
            if (!http.injectResponseBodyAtHeaders(Utf8.encode("injected at headers"))) {
                http.sendLocalResponse(500, "no injection at headers");
            }
            return HeaderStatus.STOP_ITERATION;
        }
        if (has(http, "local@response-headers")) {
            http.sendLocalResponse(502, "matrix.response_headers", Headers.of("x-reason", "response headers"),
                    Utf8.encode("denied at response headers"));
            return HeaderStatus.STOP_ITERATION;
        }
        if (has(http, "stop@response-headers")) {
            callAuth(http, false, false);
            return HeaderStatus.STOP_ITERATION;
        }
        return HeaderStatus.CONTINUE;
    }

    private static DataStatus body(HttpContext http, byte[] body, boolean request) {
        String phase = request ? "request-body" : "response-body";
        if (has(http, "local@" + phase)) {
            localFromBody(http, request);
            return DataStatus.STOP_ITERATION_NO_BUFFER;
        }
        if (has(http, "stop@" + phase)) {
            callAuth(http, request, true);
            return DataStatus.STOP_ITERATION_AND_BUFFER;
        }
        if (has(http, "edit-body")) {
            editBody(http, request);
            return DataStatus.CONTINUE;
        }
        if (request && has(http, "route-call")) {
            routeCall(http, body);
            return DataStatus.CONTINUE;
        }
        byte[] wrapped = Utf8.encode("[" + Utf8.decode(body) + "]");
        if (request) {
            http.replaceRequestBody(wrapped);
        } else {
            http.replaceResponseBody(wrapped);
        }
        return DataStatus.CONTINUE;
    }

    private static byte[] chunk(HttpContext http, byte[] chunk, boolean last, boolean request) {
        if (has(http, "local@" + (request ? "request-body" : "response-body"))) {
            localFromBody(http, request);
            return chunk;
        }
        if (has(http, "edit-body")) {
            editBody(http, request);
            return chunk;
        }
        if (!request && has(http, "pause-response")) {
            http.pushBuffer(chunk);
            if (last) {
                injectAfterCallout(http);
            }
            return new byte[0];
        }
        String upper = Utf8.decode(chunk).toUpperCase();
        return Utf8.encode(last ? upper + "." : upper);
    }

    private static void editBody(HttpContext http, boolean request) {
        if (request) {
            http.prependRequestBody(Utf8.encode("<"));
            http.appendRequestBody(Utf8.encode(">"));
        } else {
            http.prependResponseBody(Utf8.encode("<"));
            http.appendResponseBody(Utf8.encode(">"));
        }
    }

    private static void routeCall(HttpContext http, byte[] body) {
        try {
            http.routeCall("POST", http.requestHeader("x-route-url"), Headers.of("x-route-call", "1"),
                    Utf8.encode("{" + Utf8.decode(body) + "}"), (status, headers, answer) -> {
                        http.replaceResponseHeader("x-routed", status + " " + headers.size());
                        if (answer.length > 0) {
                            http.replaceResponseBody(Utf8.encode("routed " + status + ": " + Utf8.decode(answer)));
                        }
                    });
        } catch (IllegalArgumentException e) {
            http.sendLocalResponse(400, e.getMessage());
        }
    }

    /** Calls the auth cluster, then injects each pushed piece upper-cased, ending the response with the last. */
    private static void injectAfterCallout(HttpContext http) {
        dispatchAuth(http, (headers, answer, trailers) -> {
            for (byte[] piece = http.popBuffer(); piece != null; piece = http.popBuffer()) {
                http.injectResponseData(Utf8.encode(Utf8.decode(piece).toUpperCase()), http.bufferQueueSize() == 0);
            }
        });
    }

    private static TrailersStatus trailers(HttpContext http, boolean request) {
        String checked = request ? "x-checksum" : "grpc-status";
        if (has(http, "trailers")) {
            if (request) {
                http.addRequestTrailer("x-matrix-trailer", "count=" + http.requestTrailers().size() + " "
                        + checked + "=" + http.requestTrailer(checked) + " phase=" + http.executionPhase());
                http.replaceRequestTrailer(checked, "2");
                http.removeRequestTrailer("x-drop");
            } else {
                http.addResponseTrailer("x-matrix-trailer", "count=" + http.responseTrailers().size() + " "
                        + checked + "=" + http.responseTrailer(checked) + " phase=" + http.executionPhase());
                http.replaceResponseTrailer(checked, "13");
                http.removeResponseTrailer("x-drop");
            }
        }
        if (has(http, "replace-trailers")) {
            if (request) {
                http.replaceRequestTrailers(Headers.of("x-only", "1"));
            } else {
                http.replaceResponseTrailers(Headers.of("x-only", "1"));
            }
        }
        return TrailersStatus.CONTINUE;
    }

    private static void localFromBody(HttpContext http, boolean request) {
        String text = "denied in " + http.executionPhase();
        if (request) {
            http.sendLocalResponse(400, Headers.of("x-reason", "request body"), Utf8.encode(text));
        } else {
            http.sendLocalResponse(500, text);
        }
    }

    /** Calls the auth cluster; its answer resumes the held phase, or answers the request ({@code local@callout}). */
    private static void callAuth(HttpContext http, boolean request, boolean body) {
        dispatchAuth(http, (headers, answer, trailers) -> {
            if (has(http, "local@callout")) {
                http.sendLocalResponse(401, "matrix.callout", Headers.of("x-reason", "callout"), answer);
                return;
            }
            if (body && request) {
                http.replaceRequestBody(answer);
            } else if (body) {
                http.replaceResponseBody(answer);
            } else if (request) {
                http.addRequestHeader("x-auth-status", headers.value(":status"));
            } else {
                http.addResponseHeader("x-auth-status", headers.value(":status"));
            }
            if (request) {
                http.resumeRequest();
            } else {
                http.resumeResponse();
            }
        });
    }

    /** Calls {@link #AUTH_CLUSTER}: {@code GET /check}, no body, 1 s; {@code handler} gets the answer. */
    private static void dispatchAuth(HttpContext http, Callouts.HttpCallHandler handler) {
        http.plugin().callouts().dispatchHttpCall(AUTH_CLUSTER, Headers.of(":method", "GET", ":path", "/check",
                ":authority", "auth"), new byte[0], 1000, handler);
    }

    /** The comma-separated steps of {@code header} (null: none), trimmed. */
    private static List<String> steps(String header) {
        List<String> steps = new ArrayList<>();
        int start = 0;
        while (header != null && start <= header.length()) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? header.length() : comma;
            String step = header.substring(start, end).trim();
            if (!step.isEmpty()) {
                steps.add(step);
            }
            start = end + 1;
        }
        return steps;
    }

    private static boolean has(HttpContext http, String step) {
        Object steps = http.attribute(STEPS);
        return steps != null && ((List<?>) steps).contains(step);
    }
}
