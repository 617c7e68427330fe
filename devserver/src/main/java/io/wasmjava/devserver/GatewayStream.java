package io.wasmjava.devserver;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.devserver.GatewayConfig.ClusterAddress;
import io.wasmjava.devserver.GatewayConfig.Route;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.InjectedData;
import io.wasmjava.host.LocalReply;
import io.wasmjava.host.LocalResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One request through the plugin chain, driven the way Envoy's filter manager drives HTTP filters, on its worker's
 * thread only.
 *
 * <p>Request headers go through the filters in order until one stops them; the body (complete, one chunk) follows
 * through the filters that passed the headers, or that held them with {@code StopIteration}; a filter that stopped
 * ({@code StopAllIteration*}, or a stop in the body phase) holds everything behind it until the plugin calls
 * {@code proxy_continue_stream}, which the worker notices after each callout it delivers ({@link #poll()}). When every
 * filter has passed headers and body, the request goes to the route's cluster. The response runs through the filters
 * in reverse order with the same rules, then goes to the client; then every stream is completed
 * ({@code proxy_on_done}, {@code proxy_on_log}, {@code proxy_on_delete}).
 *
 * <p>A local response ({@code proxy_send_local_response}) during the request ends the request phase; the response
 * phase then runs over the filters that saw the request, the sender included, as Envoy sends local replies through
 * the encoder filters. A local response during the response phase replaces the response and goes to the client
 * directly, as Envoy's direct local reply does once encoding has started. Either is first shaped as Envoy shapes
 * local replies ({@link LocalReply}: a trailers-only gRPC response to a gRPC request).
 *
 * <p>Response data a plugin injects ({@code proxy_inject_encoded_data_to_filter_chain}, or the header phase's
 * {@code inject_encoded_data_to_filter_chain_on_header}) goes to the filters after it and then to the client, in
 * the order injected, in place of the body the plugin held: as in Envoy, a chunk the plugin stopped with
 * {@code StopIterationNoBuffer} is dropped, so only what it injects goes on. An injection with end of stream ends the
 * response at that filter (what the filters before it still held is dropped); a resume
 * ({@code proxy_continue_stream}) instead ends it with what was injected so far. Injections after the filter passed
 * the end of the body are dropped (the stream has ended there). The gateway buffers the response, so the client
 * gets the injected data once the response ends; a plugin that neither injects the end nor resumes is cut off by the
 * stream idle timeout like any stalled request. Injected data counts against
 * {@code per_connection_buffer_limit_bytes}: more answers 500.
 */
final class GatewayStream {
    private static final int NOT_SENT = 0;
    /** Headers stopped with {@code StopIteration}: the body still comes to this filter, and continuing it frees both. */
    private static final int HELD = 1;
    /** Stopped until the plugin resumes the stream. */
    private static final int WAITING = 2;
    private static final int PASSED = 3;
    private static final byte[] EMPTY = new byte[0];

    private enum Phase { REQUEST, UPSTREAM, RESPONSE, DONE }

    /** One direction (request or response) through one filter. */
    private static final class Side {
        int headers;
        int body;
        /** The plugin's resumes of this direction seen so far. */
        int resumes;

        /** The body may go to this filter: it passed the headers, or holds them with StopIteration. */
        boolean bodyMayFollow() {
            return headers == PASSED || headers == HELD;
        }

        boolean passed(boolean hasBody) {
            return headers == PASSED && (!hasBody || body == PASSED);
        }

        /** Records what the plugin returned for the headers. */
        void headersReturned(HeaderStatus status, boolean hasBody) {
            headers = status == HeaderStatus.STOP_ITERATION ? (hasBody ? HELD : WAITING)
                    : status.isStop() ? WAITING : PASSED;
        }

        /** Records what the plugin returned for the body; a body passed frees headers held with StopIteration. */
        void bodyReturned(DataStatus status) {
            if (status == DataStatus.CONTINUE) {
                body = PASSED;
                if (headers == HELD) {
                    headers = PASSED;
                }
            } else {
                body = WAITING;
            }
        }

        /** Takes the plugin's resume count; a new resume during this direction's phase frees what it stopped. */
        void resumed(int count, boolean inPhase) {
            if (count <= resumes) {
                return;
            }
            resumes = count;
            if (inPhase) {
                if (headers == HELD || headers == WAITING) {
                    headers = PASSED;
                }
                if (body == WAITING) {
                    body = PASSED;
                }
            }
        }
    }

    private static final class Slot {
        final PluginVm vm;
        HttpStream stream;
        boolean dead;
        final Side request = new Side();
        final Side response = new Side();
        int localResponses;
        /** The plugin's injections seen so far. */
        int injections;
        /** What the plugin injected into the response, once it injected anything. */
        ByteArrayOutputStream injected;
        /** The plugin stopped its response body with {@code StopIterationNoBuffer}: that chunk goes nowhere. */
        boolean bodyDropped;

        Slot(PluginVm vm) {
            this.vm = vm;
        }
    }

    private final Worker worker;
    private final DownstreamRequest request;
    private final Slot[] slots;
    private final boolean requestHasBody;
    private Phase phase = Phase.REQUEST;
    private Route route;
    /** The response phase runs over slots [0, responseLast], from responseLast down. */
    private int responseLast;
    private Headers responseStart;
    private byte[] responseStartBody;
    private boolean responseHasBody;

    GatewayStream(Worker worker, DownstreamRequest request, PluginVm[] chain) {
        this.worker = worker;
        this.request = request;
        this.slots = new Slot[chain.length];
        for (int i = 0; i < chain.length; i++) {
            slots[i] = new Slot(chain[i]);
        }
        this.requestHasBody = request.body.length > 0;
    }

    void start() {
        route = worker.gateway.route(request.headers.value(":authority"), request.path);
        advanceRequest();
    }

    /** True while a plugin holds the request or the response. */
    boolean isPaused() {
        return phase == Phase.REQUEST || phase == Phase.RESPONSE;
    }

    boolean uses(PluginVm vm) {
        for (Slot slot : slots) {
            if (slot.vm == vm) {
                return true;
            }
        }
        return false;
    }

    /** Looks for resumes and local responses the plugins made since the last look, and moves on if it can. */
    void poll() {
        Phase polled = phase;
        for (int i = 0; i < slots.length && phase == polled; i++) {
            if (slots[i].stream != null && !slots[i].dead) {
                if (checkLocalResponse(i)) {
                    return;
                }
                checkInjections(i);
                checkResumes(i);
            }
        }
        if (phase == Phase.REQUEST) {
            advanceRequest();
        } else if (phase == Phase.RESPONSE) {
            advanceResponse();
        }
    }

    // ---- request ----

    private void advanceRequest() {
        while (phase == Phase.REQUEST) {
            int h = firstRequestNotSent(false);
            if (h >= 0 && (h == 0 || slots[h - 1].request.headers == PASSED)) {
                sendRequestHeaders(h);
                continue;
            }
            if (requestHasBody) {
                int b = firstRequestNotSent(true);
                if (b >= 0 && slots[b].request.bodyMayFollow() && (b == 0 || slots[b - 1].request.body == PASSED)) {
                    sendRequestBody(b);
                    continue;
                }
            }
            break;
        }
        if (phase == Phase.REQUEST && requestPassed()) {
            forwardUpstream();
        }
    }

    /** The first filter, in request order, that has not been sent the request headers (or the body), or -1. */
    private int firstRequestNotSent(boolean body) {
        for (int i = 0; i < slots.length; i++) {
            if ((body ? slots[i].request.body : slots[i].request.headers) == NOT_SENT) {
                return i;
            }
        }
        return -1;
    }

    private boolean requestPassed() {
        for (Slot slot : slots) {
            if (!slot.request.passed(requestHasBody)) {
                return false;
            }
        }
        return true;
    }

    private void sendRequestHeaders(int i) {
        Slot slot = slots[i];
        if (slot.stream == null) {
            openStream(slot);
        }
        Headers in = i == 0 ? request.headers : slots[i - 1].stream.requestHeaders();
        HeaderStatus status = slot.vm.requestHeaders(slot.stream, in, !requestHasBody);
        if (checkLocalResponse(i)) {
            return;
        }
        slot.request.headersReturned(status, requestHasBody);
        checkResumes(i);
    }

    private void sendRequestBody(int i) {
        Slot slot = slots[i];
        byte[] in = i == 0 ? request.body : slots[i - 1].stream.requestBody();
        DataStatus status = slot.vm.requestBody(slot.stream, in, true);
        if (checkLocalResponse(i)) {
            return;
        }
        slot.request.bodyReturned(status);
        checkResumes(i);
    }

    private void openStream(Slot slot) {
        HttpStream stream = slot.vm.newStream();
        String remote = request.remote.getAddress().getHostAddress() + ":" + request.remote.getPort();
        String routeName = route == null ? "" : route.name();
        String cluster = route == null || route.cluster() == null ? "" : route.cluster();
        stream.property("x_request_id", request.requestId)
                .property("route_name", routeName)
                .property("cluster_name", cluster)
                .property(List.of("source", "address"), utf8(remote))
                .property(List.of("request", "id"), utf8(request.requestId))
                .property(List.of("request", "path"), utf8(request.path))
                .property(List.of("request", "method"), utf8(request.method))
                .property(List.of("request", "host"), utf8(request.headers.value(":authority")))
                .property(List.of("request", "scheme"), utf8("http"));
        slot.stream = stream;
    }

    private void forwardUpstream() {
        phase = Phase.UPSTREAM;
        Headers headers = slots.length == 0 ? request.headers : slots[slots.length - 1].stream.requestHeaders();
        byte[] body = !requestHasBody ? EMPTY
                : slots.length == 0 ? request.body : slots[slots.length - 1].stream.requestBody();
        Route target = worker.gateway.route(headers.value(":authority"), headers.value(":path"));
        int last = slots.length - 1;
        if (target == null) {
            // Envoy: 404 with no body, response code details route_not_found.
            startResponse(last, Headers.of(":status", "404", "content-length", "0"), EMPTY);
            return;
        }
        if (target.directStatus() > 0) {
            Outbound.Result reply = Outbound.localReply(target.directStatus(), target.directBody(), "direct response");
            startResponse(last, reply.headers(), reply.body());
            return;
        }
        ClusterAddress address = worker.gateway.clusters().resolve(target.cluster());
        worker.gateway.forward(address, headers, body, target.timeout().toMillis())
                .thenAccept(result -> worker.post(() -> onUpstream(result)));
    }

    private void onUpstream(Outbound.Result result) {
        if (phase != Phase.UPSTREAM) {
            return;
        }
        if (result.kind() == Outbound.Kind.RESET) {
            request.reset("upstream reset after response headers: " + result.detail());
            complete();
            return;
        }
        startResponse(slots.length - 1, result.headers(), result.body());
    }

    // ---- response ----

    private void startResponse(int last, Headers headers, byte[] body) {
        phase = Phase.RESPONSE;
        responseLast = last;
        responseStart = headers;
        boolean head = request.method.equalsIgnoreCase("HEAD");
        responseStartBody = head ? EMPTY : body;
        responseHasBody = responseStartBody.length > 0;
        for (int i = last + 1; i < slots.length; i++) {
            slots[i].response.headers = PASSED;
            slots[i].response.body = PASSED;
        }
        advanceResponse();
    }

    private void advanceResponse() {
        while (phase == Phase.RESPONSE) {
            int h = -1;
            for (int i = responseLast; i >= 0; i--) {
                if (slots[i].response.headers == NOT_SENT) {
                    h = i;
                    break;
                }
            }
            if (h >= 0 && (h == responseLast || slots[h + 1].response.headers == PASSED)) {
                sendResponseHeaders(h);
                continue;
            }
            if (responseHasBody) {
                int b = -1;
                for (int i = responseLast; i >= 0; i--) {
                    if (slots[i].response.body == NOT_SENT) {
                        b = i;
                        break;
                    }
                }
                if (b >= 0 && slots[b].response.bodyMayFollow()
                        && (b == responseLast || slots[b + 1].response.body == PASSED)) {
                    sendResponseBody(b);
                    continue;
                }
            }
            break;
        }
        if (phase == Phase.RESPONSE && responsePassed()) {
            finishResponse();
        }
    }

    private boolean responsePassed() {
        for (int i = 0; i <= responseLast; i++) {
            if (!slots[i].response.passed(responseHasBody)) {
                return false;
            }
        }
        return true;
    }

    private void sendResponseHeaders(int i) {
        Slot slot = slots[i];
        Headers in = i == responseLast ? responseStart : slots[i + 1].stream.responseHeaders();
        HeaderStatus status = slot.vm.responseHeaders(slot.stream, in, !responseHasBody);
        if (checkLocalResponse(i)) {
            return;
        }
        slot.response.headersReturned(status, responseHasBody);
        checkInjections(i);
        checkResumes(i);
    }

    private void sendResponseBody(int i) {
        Slot slot = slots[i];
        byte[] in = i == responseLast ? responseStartBody : responseOutput(i + 1);
        DataStatus status = slot.vm.responseBody(slot.stream, in, true);
        if (checkLocalResponse(i)) {
            return;
        }
        slot.response.bodyReturned(status);
        slot.bodyDropped = status == DataStatus.STOP_ITERATION_NO_BUFFER;
        checkInjections(i);
        checkResumes(i);
    }

    private void finishResponse() {
        Headers headers = responseLast < 0 ? responseStart : slots[0].stream.responseHeaders();
        byte[] body = !responseHasBody ? responseStartBody
                : responseLast < 0 ? responseStartBody : responseOutput(0);
        request.respond(status(headers), headers, body, null);
        complete();
    }

    /** The response body filter {@code i} passes on: what it injected, nothing if it dropped its chunk, or its chunk. */
    private byte[] responseOutput(int i) {
        Slot slot = slots[i];
        if (slot.injected != null) {
            return slot.injected.toByteArray();
        }
        return slot.bodyDropped ? EMPTY : slot.stream.responseBody();
    }

    private static int status(Headers headers) {
        String status = headers.value(":status");
        try {
            return status == null ? 502 : Integer.parseInt(status.trim());
        } catch (NumberFormatException e) {
            return 502;
        }
    }

    // ---- plugin actions noticed after callbacks ----

    /** Handles a local response slot {@code i}'s plugin sent since the last look; true if there was one. */
    private boolean checkLocalResponse(int i) {
        Slot slot = slots[i];
        List<LocalResponse> sent = slot.stream.localResponses();
        if (sent.size() <= slot.localResponses) {
            return false;
        }
        LocalResponse local = sent.get(slot.localResponses);
        slot.localResponses = sent.size();
        LocalReply reply = LocalReply.of(local, request.headers);
        if (phase == Phase.REQUEST) {
            // Every filter that saw the request headers encodes the local reply, the sender included.
            int last = i;
            while (last + 1 < slots.length && slots[last + 1].stream != null) {
                last++;
            }
            startResponse(last, reply.headers(), reply.body());
        } else if (phase == Phase.RESPONSE) {
            request.respond(reply.status(), reply.headers(), reply.body(), "local reply from " + slot.vm.spec.name()
                    + " while encoding");
            complete();
        }
        return true;
    }

    /**
     * Takes the response data slot {@code i}'s plugin injected since the last look: appended to what it injected
     * before; an end of stream passes its headers and body (and the filters before it), so the response moves on.
     */
    private void checkInjections(int i) {
        Slot slot = slots[i];
        List<InjectedData> all = slot.stream.injectedResponseData();
        if (all.size() <= slot.injections) {
            return;
        }
        List<InjectedData> fresh = all.subList(slot.injections, all.size());
        slot.injections = all.size();
        if (phase != Phase.RESPONSE || i > responseLast || slot.response.body == PASSED) {
            return;
        }
        boolean ended = false;
        for (InjectedData data : fresh) {
            if (slot.injected == null) {
                slot.injected = new ByteArrayOutputStream();
            }
            slot.injected.writeBytes(data.data());
            ended |= data.endOfStream();
        }
        int limitBytes = worker.gateway.config().limits().bufferLimitBytes();
        if (slot.injected.size() > limitBytes) {
            fail("wasm plugin " + slot.vm.spec.name() + " injected more than " + limitBytes + " bytes");
            return;
        }
        if (ended) {
            for (int k = i; k <= responseLast; k++) {
                slots[k].response.headers = PASSED;
                slots[k].response.body = PASSED;
            }
            responseHasBody = true;
        }
    }

    private void checkResumes(int i) {
        if (phase == Phase.DONE) {
            // An injection over the limit failed the request just now: its streams are gone.
            return;
        }
        Slot slot = slots[i];
        slot.request.resumed(slot.stream.requestResumeCount(), phase == Phase.REQUEST);
        slot.response.resumed(slot.stream.responseResumeCount(), phase == Phase.RESPONSE);
    }

    // ---- ending ----

    /** The VM of one of this request's plugins failed: answer 500 unless answered, and end the other streams. */
    void failPlugin(PluginVm vm) {
        for (Slot slot : slots) {
            if (slot.vm == vm) {
                slot.dead = true;
            }
        }
        fail("wasm plugin " + vm.spec.name() + " failed");
    }

    /**
     * Ends the plugin streams of a request its connection gave up on (answered already: the stream idle timeout),
     * as Envoy destroys a stream after its idle timer's local reply; a callout that completes later finds no stream.
     */
    void abandon() {
        if (phase != Phase.DONE) {
            complete();
        }
    }

    /** Answers 500 (unless answered) and ends the request. */
    void fail(String reason) {
        if (phase == Phase.DONE) {
            return;
        }
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        request.respond(500, Headers.of(":status", "500", "content-type", "text/plain"), body, reason);
        complete();
    }

    /** Ends every plugin stream ({@code proxy_on_done}, {@code proxy_on_log}, {@code proxy_on_delete}). */
    private void complete() {
        phase = Phase.DONE;
        worker.remove(this);
        for (Slot slot : slots) {
            if (slot.stream == null || slot.dead || slot.vm.isFailed() || slot.stream.isComplete()) {
                continue;
            }
            try {
                slot.vm.complete(slot.stream);
            } catch (PluginFailure failure) {
                slot.dead = true;
                worker.recover(failure);
            }
        }
    }

    private static byte[] utf8(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
