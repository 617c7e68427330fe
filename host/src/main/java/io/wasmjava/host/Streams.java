package io.wasmjava.host;

import io.wasmjava.core.DataStatus;
import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.MapType;
import io.wasmjava.core.host.StreamType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contexts and what each stream may touch when, following Envoy's {@code Context}: the root context, the streams
 * (ids 2, 3, ...), the effective context, and the rules for stream header maps and body buffers (see
 * {@link HostEmulator}).
 */
final class Streams {
    private final Map<Integer, StreamState> streams = new LinkedHashMap<>();
    private final List<Integer> effectiveContextSwitches = new ArrayList<>();
    private final boolean retainHistory;
    private int nextStreamId = HostEmulator.ROOT_CONTEXT_ID + 1;
    private boolean rootCreated;
    private int effectiveContextId;
    private boolean accessLogPhase;

    Streams(boolean retainHistory) {
        this.retainHistory = retainHistory;
    }

    void createRoot() {
        rootCreated = true;
    }

    int create() {
        int id = nextStreamId++;
        streams.put(id, new StreamState(id));
        return id;
    }

    void delete(int contextId) {
        StreamState stream = streams.get(contextId);
        if (stream != null) {
            stream.deleted = true;
            if (!retainHistory) {
                streams.remove(contextId);
            }
        } else if (contextId == HostEmulator.ROOT_CONTEXT_ID) {
            rootCreated = false;
        }
    }

    StreamState stream(int contextId) {
        StreamState stream = streams.get(contextId);
        if (stream == null) {
            throw new IllegalArgumentException("no stream with context id " + contextId);
        }
        return stream;
    }

    /** The effective context's stream, or null (a root context, none, or a deleted stream). */
    StreamState effective() {
        StreamState stream = streams.get(effectiveContextId);
        return stream == null || stream.deleted ? null : stream;
    }

    int effectiveContextId() {
        return effectiveContextId;
    }

    void enter(int contextId) {
        effectiveContextId = contextId;
    }

    /** {@code proxy_set_effective_context}: BAD_ARGUMENT if no such context exists (never created, or deleted). */
    void setEffective(int contextId) {
        if (retainHistory) {
            effectiveContextSwitches.add(contextId);
        }
        StreamState stream = streams.get(contextId);
        boolean exists = contextId == HostEmulator.ROOT_CONTEXT_ID ? rootCreated : stream != null && !stream.deleted;
        if (!exists) {
            throw HostEmulator.status("proxy_set_effective_context", HostStatus.BAD_ARGUMENT);
        }
        effectiveContextId = contextId;
    }

    List<Integer> effectiveContextSwitches() {
        return List.copyOf(effectiveContextSwitches);
    }

    boolean isAccessLogPhase() {
        return accessLogPhase;
    }

    void setAccessLogPhase(boolean accessLogPhase) {
        this.accessLogPhase = accessLogPhase;
    }

    // ---- header maps ----

    /** Delivers a header or trailer map (names lower-cased); it is live until its callback continues. */
    int receive(int contextId, MapType type, Headers headers) {
        StreamState stream = stream(contextId);
        Headers lowered = HostEmulator.lowerCaseNames(headers);
        stream.maps.put(type, lowered);
        stream.liveMaps.add(type);
        return lowered.size();
    }

    /** As in Envoy, a continuing status (anything but a stop) releases the map. */
    void headersReturned(int contextId, MapType type, HeaderStatus status) {
        if (!status.isStop()) {
            stream(contextId).liveMaps.remove(type);
        }
    }

    /**
     * The effective stream's map as the plugin may read it now, or null. In the access-log phase the final request
     * headers and response headers and trailers are readable again, as Envoy gives them to access loggers.
     */
    Headers readable(MapType type) {
        StreamState stream = effective();
        if (stream == null) {
            return null;
        }
        if (accessLogPhase && type == MapType.HTTP_REQUEST_TRAILERS) {
            return null;
        }
        return accessLogPhase || stream.liveMaps.contains(type) ? stream.maps.get(type) : null;
    }

    /** Whether the plugin may change the map now; the access-log copies are read-only. */
    boolean isWritable(MapType type) {
        return readable(type) != null && effective().liveMaps.contains(type);
    }

    void store(MapType type, Headers headers) {
        effective().maps.put(type, headers);
    }

    // ---- bodies ----

    /**
     * Delivers a body chunk; after {@code STOP_ITERATION_AND_BUFFER} it is appended to the buffered data, as in
     * Envoy. Returns the buffer size the callback gets (the whole buffer's).
     */
    int receive(int contextId, BufferType type, byte[] chunk) {
        StreamState.Body body = stream(contextId).body(type);
        body.bytes = body.buffering ? concat(body.bytes, chunk) : chunk.clone();
        body.live = true;
        return body.bytes.length;
    }

    /** {@code STOP_ITERATION_AND_BUFFER} keeps the data for the next chunk; {@code CONTINUE} releases it. */
    void bodyReturned(int contextId, BufferType type, DataStatus status) {
        StreamState.Body body = stream(contextId).body(type);
        body.buffering = status == DataStatus.STOP_ITERATION_AND_BUFFER;
        body.live = status != DataStatus.CONTINUE;
    }

    /** The effective stream's body as the plugin sees it: empty outside its callbacks; null without a stream. */
    byte[] body(BufferType type) {
        StreamState stream = effective();
        if (stream == null) {
            return null;
        }
        StreamState.Body body = stream.body(type);
        return body.live ? body.bytes : StreamState.EMPTY;
    }

    /**
     * {@code proxy_set_buffer_bytes} with Envoy's semantics: {@code start} 0 drains {@code length} bytes and prepends
     * {@code data}; a start at or past the end appends; anything else, or a body not live now, is BAD_ARGUMENT.
     */
    void setBody(BufferType type, int start, int length, byte[] data) {
        StreamState stream = effective();
        StreamState.Body body = stream == null ? null : stream.body(type);
        if (body == null || !body.live) {
            throw HostEmulator.status("proxy_set_buffer_bytes", HostStatus.BAD_ARGUMENT);
        }
        byte[] buffer = body.bytes;
        long from = start & 0xFFFFFFFFL;
        if (from == 0) {
            int drained = (int) Math.min(length & 0xFFFFFFFFL, buffer.length);
            body.bytes = concat(data, Arrays.copyOfRange(buffer, drained, buffer.length));
        } else if (from >= buffer.length) {
            body.bytes = concat(buffer, data);
        } else {
            throw HostEmulator.status("proxy_set_buffer_bytes", HostStatus.BAD_ARGUMENT);
        }
    }

    // ---- what the plugin does to its stream ----

    /**
     * {@code proxy_continue_stream} for REQUEST or RESPONSE: counts a resume; as in Envoy's
     * {@code Context::continueStream}, resuming either releases the request maps and body. No-op outside a stream.
     */
    void resume(StreamType type) {
        StreamState stream = effective();
        if (stream == null) {
            return;
        }
        if (type == StreamType.REQUEST) {
            stream.requestResumes++;
        } else {
            stream.responseResumes++;
        }
        stream.liveMaps.remove(MapType.HTTP_REQUEST_HEADERS);
        stream.liveMaps.remove(MapType.HTTP_REQUEST_TRAILERS);
        stream.requestBody.live = false;
    }

    /** Records a local response on the effective stream (a no-op elsewhere). */
    void localResponse(LocalResponse response) {
        StreamState stream = effective();
        if (stream != null) {
            stream.localResponses.add(response);
        }
    }

    /**
     * Records response data the plugin injected on the effective stream.
     *
     * @throws io.wasmjava.core.host.HostStatusException BAD_ARGUMENT outside a stream, as Envoy's root context has no
     *     filter chain
     */
    void inject(String function, InjectedData data) {
        StreamState stream = effective();
        if (stream == null) {
            throw HostEmulator.status(function, HostStatus.BAD_ARGUMENT);
        }
        stream.injected.add(data);
    }

    /** Records the upstream override host on the effective stream; BAD_ARGUMENT outside a stream. */
    void overrideHost(String address) {
        StreamState stream = effective();
        if (stream == null) {
            throw HostEmulator.status("proxy_set_upstream_override_host", HostStatus.BAD_ARGUMENT);
        }
        stream.upstreamOverrideHost = address;
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] result = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }
}
