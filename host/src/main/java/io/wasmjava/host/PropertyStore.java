package io.wasmjava.host;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Properties in three layers, as Envoy resolves them: a stream's own values (kept on its {@link StreamState}), then
 * the root context's values (set by the plugin from the root context), then the host-wide ones. Values are copied
 * in and out.
 */
final class PropertyStore {
    private final Map<List<String>, byte[]> hostWide = new HashMap<>();
    private final Map<List<String>, byte[]> root = new HashMap<>();

    /** Sets a host-wide value; null removes it. */
    void setHostWide(List<String> path, byte[] value) {
        put(hostWide, path, value);
    }

    byte[] hostWide(List<String> path) {
        return copy(hostWide.get(path));
    }

    /** The value seen from {@code stream} (null: a root or no context, {@code atRoot} telling which). */
    byte[] lookup(List<String> path, StreamState stream, boolean atRoot) {
        byte[] value = stream != null ? stream.properties.get(path) : atRoot ? root.get(path) : null;
        return copy(value != null ? value : hostWide.get(path));
    }

    /** {@code proxy_set_property}: on the stream, or (outside a stream) on the root context. */
    void set(List<String> path, byte[] value, StreamState stream) {
        put(stream != null ? stream.properties : root, path, value);
    }

    static void put(Map<List<String>, byte[]> map, List<String> path, byte[] value) {
        if (value == null) {
            map.remove(List.copyOf(path));
        } else {
            map.put(List.copyOf(path), value.clone());
        }
    }

    private static byte[] copy(byte[] value) {
        return value == null ? null : value.clone();
    }
}
