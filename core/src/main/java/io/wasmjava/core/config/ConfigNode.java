package io.wasmjava.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A typed, path-aware view of one value in a plugin configuration: what plugin config parsers read.
 *
 * <pre>{@code
 * ConfigNode config = ConfigNode.parse(pluginConfigurationBytes);
 * String ruleName = config.string("rule_name");
 * ConfigNode redis = config.object("redis");
 * int port = redis.integer("service_port", 6379, 1, 65535);
 * for (ConfigNode item : config.array("rule_items")) {
 *   List<String> keys = item.stringList("limit_keys", List.of());
 * }
 * }</pre>
 *
 * <p><b>Paths.</b> {@link #path()} names this value within the document: object members are joined by {@code .},
 * array elements are {@code [index]}, e.g. {@code rule_items[2].limit_keys[0].key}. The root's path is {@code $}, and
 * the {@code $} is dropped from its descendants, so they never start with a dot: {@code rule_name}, or {@code [0]}
 * when the root is an array. A key that is empty or contains {@code . [ ] " \}, a space, a control character or an
 * unpaired surrogate is written in brackets as a JSON string, e.g. {@code headers["x.y"]}; other keys, including
 * {@code x-api-key} and {@code :authority}, are written as they are.
 *
 * <p><b>Errors.</b> Every accessor that cannot return what it promises throws a {@link ConfigException} whose
 * message starts with the path of the offending value:
 *
 * <ul>
 *   <li>{@code rule_name: required but missing} — a required key is absent;
 *   <li>{@code rule_items[2].limit_keys[0].key: expected string but was number} — the value has the wrong kind
 *       ({@code object}, {@code array}, {@code string}, {@code number}, {@code boolean}, {@code null}, or {@code
 *       integer} for a number that must be whole);
 *   <li>{@code redis.service_port: must be between 1 and 65535 but was 70000} — a number out of range;
 *   <li>{@code rule_items[1]: expected object but was array} — a keyed accessor ({@link #string(String)}, {@link
 *       #has(String)}, ...) called on a node that is not an object.
 * </ul>
 *
 * <p><b>Required and optional.</b> Required accessors ({@code string(key)}, ...) throw if the key is absent, and also
 * if its value is JSON {@code null} ({@code expected string but was null}). Optional accessors ({@code string(key,
 * def)}, ...) return the default if the key is absent <em>or</em> its value is {@code null}, so operators can write
 * {@code "timeout": null} to mean "use the default". A present value of the wrong kind is an error for both: a typo
 * in a value is never silently replaced by a default. Defaults are returned as given, without range checks.
 *
 * <p>Nodes are immutable and cheap: a node is a value plus a link to its parent, and paths are only built for error
 * messages.
 */
public final class ConfigNode {
    private final JsonValue value;
    /** Null for the root. */
    private final ConfigNode parent;
    /** The key of this member in its parent object, or null. */
    private final String key;
    /** The index of this element in its parent array, or -1. */
    private final int index;

    private ConfigNode(JsonValue value, ConfigNode parent, String key, int index) {
        this.value = value;
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    /** Returns the root node of a configuration document; its path is {@code $}. */
    public static ConfigNode root(JsonValue value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        return new ConfigNode(value, null, null, -1);
    }

    /**
     * Parses a UTF-8 configuration document, as the host delivers it, and returns its root node. The nodes refer to
     * the array (see {@link Json#parse(byte[])}), which must not change afterwards.
     *
     * @throws JsonSyntaxException if it is not strict JSON (see {@link Json})
     */
    public static ConfigNode parse(byte[] utf8) {
        return root(Json.parse(utf8));
    }

    /**
     * Parses a configuration document and returns its root node.
     *
     * @throws JsonSyntaxException if it is not strict JSON (see {@link Json})
     */
    public static ConfigNode parse(String json) {
        return root(Json.parse(json));
    }

    /** Returns the JSON value of this node. */
    public JsonValue value() {
        return value;
    }

    /** Returns the kind of this node's value. */
    public JsonKind kind() {
        return value.kind();
    }

    /** Returns true if this node's value is JSON {@code null}. */
    public boolean isNull() {
        return value.isNull();
    }

    /**
     * Returns the path of this node, e.g. {@code rule_items[2].limit_keys[0].key}, or {@code $} for the root. See the
     * class documentation for the format.
     */
    public String path() {
        if (parent == null) {
            return "$";
        }
        ArrayList<ConfigNode> chain = new ArrayList<>();
        for (ConfigNode node = this; node.parent != null; node = node.parent) {
            chain.add(node);
        }
        StringBuilder path = new StringBuilder();
        for (int i = chain.size() - 1; i >= 0; i--) {
            ConfigNode node = chain.get(i);
            if (node.key != null) {
                appendKeySegment(path, node.key);
            } else {
                path.append('[').append(node.index).append(']');
            }
        }
        return path.toString();
    }

    /** Appends {@code key} to a path: {@code .key}, or {@code key} at the start, or {@code ["k.y"]} if it needs quoting. */
    static void appendKeySegment(StringBuilder path, String key) {
        if (needsBrackets(key)) {
            path.append('[');
            JsonValue.appendQuoted(path, key);
            path.append(']');
            return;
        }
        if (path.length() > 0) {
            path.append('.');
        }
        path.append(key);
    }

    private static boolean needsBrackets(String key) {
        if (key.isEmpty()) {
            return true;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '.' || c == '[' || c == ']' || c == '"' || c == '\\') {
                return true;
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == key.length() || !Character.isLowSurrogate(key.charAt(i + 1))) {
                    return true; // Unpaired: quoting escapes it.
                }
                i++;
            }
        }
        return false;
    }

    // ---- Objects ----

    /**
     * Returns true if this object has the member {@code key}, even if its value is {@code null}.
     *
     * @throws ConfigException if this node is not an object
     */
    public boolean has(String key) {
        return requireObject().has(key);
    }

    /**
     * Returns the keys of this object in document order.
     *
     * @throws ConfigException if this node is not an object
     */
    public List<String> keys() {
        return requireObject().keys();
    }

    /**
     * Returns true if this object has no member {@code key} or its value is {@code null}: exactly when the optional
     * accessors return their default. {@code has(key) && isNull(key)} tells an explicit {@code null}.
     *
     * @throws ConfigException if this node is not an object
     */
    public boolean isNull(String key) {
        JsonValue member = requireObject().member(key);
        return member == null || member.isNull();
    }

    /**
     * Returns the member {@code key}, whatever its kind, including {@code null}.
     *
     * @throws ConfigException if this node is not an object, or the key is absent
     */
    public ConfigNode node(String key) {
        JsonValue member = requireObject().member(key);
        if (member == null) {
            throw ConfigException.at(childPath(key), "required but missing");
        }
        return new ConfigNode(member, this, key, -1);
    }

    /**
     * Returns the string {@code key}.
     *
     * @throws ConfigException if this node is not an object, or the key is absent, or its value is not a string
     */
    public String string(String key) {
        return node(key).asString();
    }

    /**
     * Returns the string {@code key}, or {@code def} (which may be null) if it is absent or {@code null}.
     *
     * @throws ConfigException if this node is not an object, or the value is not a string
     */
    public String string(String key, String def) {
        ConfigNode child = optional(key);
        return child == null ? def : child.asString();
    }

    /**
     * Returns the integer {@code key} as an {@code int}; see {@link #asInt()}.
     *
     * @throws ConfigException if this node is not an object, or the key is absent, or its value is not an integral
     *     number, or it is out of the range of {@code int}
     */
    public int integer(String key) {
        return node(key).asInt();
    }

    /**
     * Returns the integer {@code key}, which must be between {@code min} and {@code max} inclusive.
     *
     * @throws ConfigException if this node is not an object, or the key is absent, or its value is not an integral
     *     number, or it is out of range: {@code must be between 1 and 65535 but was 70000}
     */
    public int integer(String key, int min, int max) {
        return node(key).asInt(min, max);
    }

    /**
     * Returns the integer {@code key}, or {@code def} if it is absent or {@code null}.
     *
     * @throws ConfigException if this node is not an object, or the value is not an integral number in the range of
     *     {@code int}
     */
    public int integer(String key, int def) {
        ConfigNode child = optional(key);
        return child == null ? def : child.asInt();
    }

    /**
     * Returns the integer {@code key}, which must be between {@code min} and {@code max} inclusive, or {@code def}
     * (not range checked) if it is absent or {@code null}.
     *
     * @throws ConfigException if this node is not an object, or the value is not an integral number, or it is out of
     *     range
     */
    public int integer(String key, int def, int min, int max) {
        ConfigNode child = optional(key);
        return child == null ? def : child.asInt(min, max);
    }

    /**
     * Returns the integer {@code key} as a {@code long}; see {@link #asLong()}.
     *
     * @throws ConfigException if this node is not an object, or the key is absent, or its value is not an integral
     *     number in the range of {@code long}
     */
    public long longValue(String key) {
        return node(key).asLong();
    }

    /**
     * Returns the integer {@code key} as a {@code long}, or {@code def} if it is absent or {@code null}.
     *
     * @throws ConfigException if this node is not an object, or the value is not an integral number in the range of
     *     {@code long}
     */
    public long longValue(String key, long def) {
        ConfigNode child = optional(key);
        return child == null ? def : child.asLong();
    }

    /**
     * Returns the number {@code key} as a {@code double}; see {@link #asDecimal()}.
     *
     * @throws ConfigException if this node is not an object, or the key is absent, or its value is not a number, or
     *     it is beyond the range of {@code double}
     */
    public double decimal(String key) {
        return node(key).asDecimal();
    }

    /**
     * Returns the number {@code key} as a {@code double}, or {@code def} if it is absent or {@code null}.
     *
     * @throws ConfigException if this node is not an object, or the value is not a number, or it is beyond the range
     *     of {@code double}
     */
    public double decimal(String key, double def) {
        ConfigNode child = optional(key);
        return child == null ? def : child.asDecimal();
    }

    /**
     * Returns the boolean {@code key}. Only JSON {@code true} and {@code false} are booleans, not {@code "true"}.
     *
     * @throws ConfigException if this node is not an object, or the key is absent, or its value is not a boolean
     */
    public boolean bool(String key) {
        return node(key).asBool();
    }

    /**
     * Returns the boolean {@code key}, or {@code def} if it is absent or {@code null}.
     *
     * @throws ConfigException if this node is not an object, or the value is not a boolean
     */
    public boolean bool(String key, boolean def) {
        ConfigNode child = optional(key);
        return child == null ? def : child.asBool();
    }

    /**
     * Returns the object {@code key}.
     *
     * @throws ConfigException if this node is not an object, or the key is absent, or its value is not an object
     */
    public ConfigNode object(String key) {
        return node(key).asObject();
    }

    /**
     * Returns the object {@code key}, or null if it is absent or {@code null}.
     *
     * @throws ConfigException if this node is not an object, or the value is not an object
     */
    public ConfigNode optionalObject(String key) {
        ConfigNode child = optional(key);
        return child == null ? null : child.asObject();
    }

    /**
     * Returns the elements of the array {@code key}, as an unmodifiable list.
     *
     * @throws ConfigException if this node is not an object, or the key is absent, or its value is not an array
     */
    public List<ConfigNode> array(String key) {
        return node(key).asList();
    }

    /**
     * Returns the elements of the array {@code key}, or {@code def} if it is absent or {@code null}.
     *
     * @throws ConfigException if this node is not an object, or the value is not an array
     */
    public List<ConfigNode> array(String key, List<ConfigNode> def) {
        ConfigNode child = optional(key);
        return child == null ? def : child.asList();
    }

    /**
     * Returns the array of strings {@code key}, as an unmodifiable list.
     *
     * @throws ConfigException if this node is not an object, or the key is absent, or its value is not an array, or
     *     an element is not a string (reported at the element, e.g. {@code hosts[1]: expected string but was null})
     */
    public List<String> stringList(String key) {
        return node(key).asStringList();
    }

    /**
     * Returns the array of strings {@code key}, or {@code def} if it is absent or {@code null}.
     *
     * @throws ConfigException if this node is not an object, or the value is not an array, or an element is not a
     *     string
     */
    public List<String> stringList(String key, List<String> def) {
        ConfigNode child = optional(key);
        return child == null ? def : child.asStringList();
    }

    // ---- This node's own value ----

    /**
     * Returns this string.
     *
     * @throws ConfigException if this node is not a string
     */
    public String asString() {
        requireKind(JsonKind.STRING);
        return value.stringValue();
    }

    /**
     * Returns this integer as an {@code int}. Any notation of a whole number is accepted ({@code 3}, {@code 3.0},
     * {@code 3e0}); a fraction is not ({@code expected integer but was 3.5}).
     *
     * @throws ConfigException if this node is not an integral number in the range of {@code int}
     */
    public int asInt() {
        return asInt(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /**
     * Returns this integer as an {@code int} between {@code min} and {@code max} inclusive.
     *
     * @throws ConfigException if this node is not an integral number, or it is out of range: {@code must be between 1
     *     and 65535 but was 70000}
     */
    public int asInt(int min, int max) {
        long result = integral(min, max);
        return (int) result;
    }

    /**
     * Returns this integer as a {@code long}, with the same notations as {@link #asInt()}.
     *
     * @throws ConfigException if this node is not an integral number in the range of {@code long}
     */
    public long asLong() {
        return integral(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private long integral(long min, long max) {
        if (value.kind() != JsonKind.NUMBER) {
            throw error("expected integer but was " + value.kind().displayName());
        }
        if (!value.isIntegral()) {
            throw error("expected integer but was " + value.numberText());
        }
        if (!value.fitsLong()) {
            throw rangeError(min, max);
        }
        long result = value.longValue();
        if (result < min || result > max) {
            throw rangeError(min, max);
        }
        return result;
    }

    private ConfigException rangeError(long min, long max) {
        return error("must be between " + min + " and " + max + " but was " + value.numberText());
    }

    /**
     * Returns this number as the nearest {@code double}; {@code 1e-400} becomes 0. See {@link JsonValue#doubleValue()}
     * for its precision under TeaVM.
     *
     * @throws ConfigException if this node is not a number, or it is beyond the range of {@code double}: {@code must
     *     be within the range of double but was 1e400}
     */
    public double asDecimal() {
        requireKind(JsonKind.NUMBER);
        double result = value.doubleValue();
        if (result == Double.POSITIVE_INFINITY || result == Double.NEGATIVE_INFINITY) {
            throw error("must be within the range of double but was " + value.numberText());
        }
        return result;
    }

    /**
     * Returns this boolean.
     *
     * @throws ConfigException if this node is not a boolean
     */
    public boolean asBool() {
        requireKind(JsonKind.BOOLEAN);
        return value.booleanValue();
    }

    /**
     * Returns this node, having checked that it is an object; for array elements that must be objects.
     *
     * @throws ConfigException if this node is not an object
     */
    public ConfigNode asObject() {
        requireKind(JsonKind.OBJECT);
        return this;
    }

    /**
     * Returns the elements of this array, as an unmodifiable list; their paths end in {@code [index]}.
     *
     * @throws ConfigException if this node is not an array
     */
    public List<ConfigNode> asList() {
        requireKind(JsonKind.ARRAY);
        List<JsonValue> elements = value.elements();
        ArrayList<ConfigNode> nodes = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            nodes.add(new ConfigNode(elements.get(i), this, null, i));
        }
        return Collections.unmodifiableList(nodes);
    }

    /**
     * Returns the elements of this array of strings, as an unmodifiable list.
     *
     * @throws ConfigException if this node is not an array, or an element is not a string (reported at the element)
     */
    public List<String> asStringList() {
        List<ConfigNode> nodes = asList();
        ArrayList<String> strings = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            strings.add(nodes.get(i).asString());
        }
        return Collections.unmodifiableList(strings);
    }

    // ---- Plugin-specific validation ----

    /**
     * Returns (does not throw) an exception for a problem with the member {@code key} of this node, for validation
     * the accessors cannot express. The key need not be present.
     *
     * <pre>{@code
     * throw node.error("query_per_second", "only one of query_per_second, query_per_minute may be set");
     * }</pre>
     */
    public ConfigException error(String key, String problem) {
        return ConfigException.at(childPath(key), problem);
    }

    /** Returns (does not throw) an exception for a problem with this node, e.g. {@code "must not be empty"}. */
    public ConfigException error(String problem) {
        return ConfigException.at(path(), problem);
    }

    /** Returns this node's path; the value is left out because configurations hold secrets. */
    @Override
    public String toString() {
        return "ConfigNode(" + path() + ")";
    }

    /** Returns the member {@code key}, or null if it is absent or JSON null. */
    private ConfigNode optional(String key) {
        JsonValue member = requireObject().member(key);
        if (member == null || member.isNull()) {
            return null;
        }
        return new ConfigNode(member, this, key, -1);
    }

    private JsonValue requireObject() {
        requireKind(JsonKind.OBJECT);
        return value;
    }

    private void requireKind(JsonKind expected) {
        if (value.kind() != expected) {
            throw error("expected " + expected.displayName() + " but was " + value.kind().displayName());
        }
    }

    private String childPath(String key) {
        StringBuilder path = new StringBuilder(parent == null ? "" : path());
        appendKeySegment(path, key);
        return path.toString();
    }
}
