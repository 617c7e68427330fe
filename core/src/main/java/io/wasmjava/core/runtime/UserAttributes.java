package io.wasmjava.core.runtime;

import io.wasmjava.core.Log;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.config.ConfigException;
import io.wasmjava.core.config.Json;
import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonValue;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatusException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request's user attributes and the writers that hand them to Envoy's access log and trace, as Higress's
 * {@code CommonHttpCtx} does (higress-group/wasm-go {@code pkg/wrapper/plugin_wrapper.go:807-870}, with
 * {@code MarshalStr}/{@code UnmarshalStr} from {@code pkg/wrapper/utils.go:11-37}). Lives on its stream and is dropped
 * with it.
 */
final class UserAttributes {
    static final String TRACE_SPAN_TAG_PREFIX = "trace_span_tag.";

    private final Map<String, Object> values = new LinkedHashMap<>();

    void put(String key, Object value) {
        if (key == null) {
            throw new IllegalArgumentException("attribute key must not be null");
        }
        values.put(key, value);
    }

    Object get(String key) {
        return values.get(key);
    }

    void remove(String key) {
        values.remove(key);
    }

    Map<String, Object> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * {@code WriteUserAttributeToLogWithKey}: merges the attributes over the JSON object already stored in property
     * {@code key} (other plugins' entries are kept, attributes win) and stores the result escaped as the inside of a
     * JSON string literal, the form Higress's access-log format {@code "%FILTER_STATE(wasm.ai_log:PLAIN)%"} splices
     * in. Returns false, after a warning, when the stored value is not such a literal of a JSON object (nothing is
     * written, as in Higress), when an attribute cannot be encoded (NaN, infinity), or when the host refuses the
     * property (e.g. outside a request).
     */
    boolean writeToLog(Host host, Log log, String key) {
        List<String> path = Collections.singletonList(key);
        byte[] previous;
        try {
            previous = host.property(path);
        } catch (HostStatusException e) {
            // Higress ignores a failed read and writes the attributes alone.
            previous = null;
        }
        JsonValue merged = null;
        if (previous != null && previous.length > 0) {
            merged = parsePrevious(previous);
            if (merged == null) {
                log.warn("user attributes not written: property " + key + " holds no escaped JSON object ("
                        + previous.length + " bytes)");
                return false;
            }
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        if (merged != null) {
            for (String name : merged.keys()) {
                entries.put(name, merged.member(name));
            }
        }
        entries.putAll(values);
        StringBuilder json = new StringBuilder();
        if (!appendObject(json, entries)) {
            log.warn("user attributes not written to " + key + ": NaN or infinite number");
            return false;
        }
        // MarshalStr: the JSON text as a Go JSON string literal, without its quotes.
        StringBuilder escaped = new StringBuilder(json.length() + 16);
        GoFormat.appendJsonString(escaped, json.toString());
        String value = escaped.substring(1, escaped.length() - 1);
        try {
            host.setProperty(path, Utf8.encode(value));
        } catch (HostStatusException e) {
            log.warn("failed to set " + key + " in filter state: " + e.getMessage());
            return false;
        }
        return true;
    }

    private static boolean appendObject(StringBuilder out, Map<String, Object> entries) {
        List<String> keys = GoFormat.sortedKeys(new ArrayList<>(entries.keySet()));
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            GoFormat.appendJsonString(out, keys.get(i));
            out.append(':');
            if (!GoFormat.appendJson(out, entries.get(keys.get(i)))) {
                return false;
            }
        }
        out.append('}');
        return true;
    }

    /** The object inside the escaped literal {@code previous}, or null if it is not one (UnmarshalStr + Unmarshal). */
    private static JsonValue parsePrevious(byte[] previous) {
        byte[] literal = new byte[previous.length + 2];
        literal[0] = '"';
        System.arraycopy(previous, 0, literal, 1, previous.length);
        literal[literal.length - 1] = '"';
        try {
            JsonValue text = Json.parse(literal);
            JsonValue object = Json.parse(text.stringValue());
            return object.kind() == JsonKind.OBJECT ? object : null;
        } catch (ConfigException e) {
            return null;
        }
    }

    /**
     * {@code WriteUserAttributeToTrace}: each attribute becomes span tag property {@code trace_span_tag.<key>} with
     * Go's {@code fmt.Sprint} of the value, in insertion order (Go: map order). An empty text is skipped and a refused
     * property logged, both at warn, as in Higress; neither stops the others.
     */
    void writeToTrace(Host host, Log log) {
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            String tag = TRACE_SPAN_TAG_PREFIX + entry.getKey();
            String text = GoFormat.sprint(entry.getValue());
            if (text.isEmpty()) {
                log.warn("Failed to set trace attribute - " + tag + ": value is empty");
                continue;
            }
            try {
                host.setProperty(Collections.singletonList(tag), Utf8.encode(text));
            } catch (HostStatusException e) {
                log.warn("Failed to set trace attribute - " + tag + ": " + e.getMessage());
            }
        }
    }
}
