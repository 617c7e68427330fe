package io.wasmjava.host;

import io.wasmjava.core.Headers;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.MapType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One stream's host state: its four header maps and two body buffers, which of them the plugin may use now (Envoy
 * releases a map or buffer once its callback continues, or the plugin resumes), and what the plugin did (local
 * responses, resumes, its own properties). Read by {@link HttpStream}.
 */
final class StreamState {
    static final byte[] EMPTY = new byte[0];

    final int id;
    final Map<MapType, Headers> maps = new EnumMap<>(MapType.class);
    final Set<MapType> liveMaps = EnumSet.noneOf(MapType.class);
    final Body requestBody = new Body();
    final Body responseBody = new Body();
    final List<LocalResponse> localResponses = new ArrayList<>();
    final List<InjectedData> injected = new ArrayList<>();
    String upstreamOverrideHost;
    int requestResumes;
    int responseResumes;
    final Map<List<String>, byte[]> properties = new HashMap<>();
    /** Span tags the plugin set ({@code trace_span_tag.<name>}), by name, in the order first set. */
    final Map<String, String> spanTags = new LinkedHashMap<>();
    boolean deleted;

    StreamState(int id) {
        this.id = id;
    }

    /** The map as it is now; empty before the host delivered it. */
    Headers map(MapType type) {
        return maps.getOrDefault(type, Headers.empty());
    }

    /** The request or response body; null for other buffer types. */
    Body body(BufferType type) {
        return type == BufferType.HTTP_REQUEST_BODY ? requestBody
                : type == BufferType.HTTP_RESPONSE_BODY ? responseBody : null;
    }

    /** A body buffer: the bytes, whether the plugin may use them now, whether the next chunk is appended. */
    static final class Body {
        byte[] bytes = EMPTY;
        boolean live;
        boolean buffering;
    }
}
