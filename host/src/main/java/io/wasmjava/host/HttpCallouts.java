package io.wasmjava.host;

import io.wasmjava.core.Headers;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.MapType;
import java.time.Instant;

/**
 * HTTP callouts: pending calls by token (4, 8, 12, ...), and the
 * response readable during {@code proxy_on_http_call_response}.
 */
final class HttpCallouts {
    final CalloutTable<HttpCallout> table = new CalloutTable<>(0);
    private Response response;

    /** Records a call; BAD_ARGUMENT without {@code :method}, {@code :path} or {@code :authority}, as in Envoy. */
    HttpCallout dispatch(String cluster, Headers headers, byte[] body, Headers trailers, int timeoutMillis,
            int contextId, Instant now) {
        Headers lowered = HostEmulator.lowerCaseNames(headers);
        if (timeoutMillis < 0 || lowered.value(":method") == null || lowered.value(":path") == null
                || lowered.value(":authority") == null) {
            throw HostEmulator.status("proxy_http_call", HostStatus.BAD_ARGUMENT);
        }
        Headers loweredTrailers = HostEmulator.lowerCaseNames(trailers);
        return table.add(token -> new HttpCallout(token, cluster, lowered, body, loweredTrailers, timeoutMillis,
                contextId, now));
    }

    void begin(Headers headers, byte[] body, Headers trailers) {
        response = new Response(HostEmulator.lowerCaseNames(headers), body.clone(),
                HostEmulator.lowerCaseNames(trailers));
    }

    void end() {
        response = null;
    }

    /** The response's headers or trailers, or null outside {@code proxy_on_http_call_response}. */
    Headers map(MapType type) {
        return response == null ? null
                : type == MapType.HTTP_CALL_RESPONSE_HEADERS ? response.headers : response.trailers;
    }

    void store(MapType type, Headers map) {
        response = type == MapType.HTTP_CALL_RESPONSE_HEADERS ? new Response(map, response.body, response.trailers)
                : new Response(response.headers, response.body, map);
    }

    /** The response body, or null outside {@code proxy_on_http_call_response}. */
    byte[] body() {
        return response == null ? null : response.body;
    }

    private record Response(Headers headers, byte[] body, Headers trailers) {
    }
}
