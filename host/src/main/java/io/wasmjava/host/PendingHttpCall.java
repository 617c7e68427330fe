package io.wasmjava.host;

import io.wasmjava.core.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An HTTP call the plugin dispatched and nobody answered yet. Answer it exactly once, with
 * {@link #respond(Headers, byte[])}, {@link #reset()} or {@link #timeout()}; calls may be answered in any order. The
 * answer runs {@code proxy_on_http_call_response} (on the root context, as Envoy does) before returning, so the
 * test can assert on the plugin's reaction right after. If the stream that made the call has completed, the SDK
 * drops the response, as every proxy-wasm SDK does.
 */
public final class PendingHttpCall extends PendingCall<HttpCallout> implements HasBody {
    /** The body Envoy's async client sends when a call times out. */
    public static final String TIMEOUT_BODY = "upstream request timeout";

    PendingHttpCall(PluginInstance harness, HttpCallout call) {
        super(harness, call);
    }

    /** The request headers the plugin sent (names lower-cased), pseudo-headers included. */
    public Headers headers() {
        return call.headers();
    }

    /** The request body; a copy. */
    @Override
    public byte[] body() {
        return call.body();
    }

    /** The request trailers the plugin sent. */
    public Headers trailers() {
        return call.trailers();
    }

    /** The timeout the plugin asked for. */
    public int timeoutMillis() {
        return call.timeoutMillis();
    }

    /**
     * Delivers a response. {@code headers} are the complete response headers: include {@code :status} yourself, as
     * an upstream would.
     *
     * @throws IllegalStateException if the call was already answered
     */
    public void respond(Headers headers, byte[] body) {
        harness.deliverHttpCall(call, Objects.requireNonNull(headers, "headers"), Objects.requireNonNull(body, "body"),
                Headers.empty());
    }

    /**
     * Delivers a response with {@code :status} set to {@code status}, followed by {@code extraHeaders}.
     *
     * @throws IllegalStateException if the call was already answered
     */
    public void respond(int status, Headers extraHeaders, byte[] body) {
        String[] namesAndValues = new String[2 + 2 * extraHeaders.size()];
        namesAndValues[0] = ":status";
        namesAndValues[1] = Integer.toString(status);
        for (int i = 0; i < extraHeaders.size(); i++) {
            namesAndValues[2 + 2 * i] = extraHeaders.name(i);
            namesAndValues[3 + 2 * i] = extraHeaders.value(i);
        }
        // Unchecked, like everything a host delivers: a test may answer with what a real upstream could send.
        respond(Headers.unchecked(namesAndValues), body);
    }

    /**
     * Delivers a response with {@code :status} and a UTF-8 body.
     *
     * @throws IllegalStateException if the call was already answered
     */
    public void respond(int status, String body) {
        respond(status, Headers.empty(), body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Fails the call as Envoy's {@code Context::onHttpCallFailure} does (stream reset, response over the buffer
     * limit): the callback gets no headers, no body and no trailers, so there is no {@code :status}.
     *
     * @throws IllegalStateException if the call was already answered
     */
    public void reset() {
        harness.deliverHttpCall(call, Headers.empty(), new byte[0], Headers.empty());
    }

    /**
     * Times the call out as Envoy does: the async client's router answers with a local reply, so the plugin gets an
     * ordinary response {@code :status 504} with body {@value #TIMEOUT_BODY}, not a failure without headers (use
     * {@link #reset()} for that). First the clock moves to the call's deadline ({@link HttpCallout#dispatchedAt()}
     * plus its timeout) unless it is already past it.
     *
     * @throws IllegalStateException if the call was already answered
     */
    public void timeout() {
        advanceToDeadline();
        byte[] body = TIMEOUT_BODY.getBytes(StandardCharsets.UTF_8);
        respond(Headers.of(":status", "504", "content-length", Integer.toString(body.length),
                "content-type", "text/plain"), body);
    }

    private void advanceToDeadline() {
        Instant deadline = call.dispatchedAt().plusMillis(call.timeoutMillis());
        Instant now = harness.now();
        if (now.isBefore(deadline)) {
            harness.advanceTime(Duration.between(now, deadline).toMillis());
        }
    }

    @Override
    public String toString() {
        return "PendingHttpCall" + call.toString().substring("HttpCallout".length());
    }
}
