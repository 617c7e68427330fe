package io.wasmjava.core.config;

/** An object: its keys and values in two exactly sized arrays, in order, and a {@link KeyIndex} if it is large. */
final class ObjectValue extends JsonValue {
    /** The keys in order, each once. Neither array is referenced elsewhere. */
    final String[] keys;
    final JsonValue[] values;
    /** The {@link KeyIndex} of {@link #keys}; null for a small object. */
    private final int[] index;

    /** {@code index} is the {@link KeyIndex} of {@code keys}, which holds no key twice. */
    ObjectValue(String[] keys, JsonValue[] values, int[] index) {
        super(JsonKind.OBJECT);
        this.keys = keys;
        this.values = values;
        this.index = index;
    }

    /** Returns the object of {@code keys}, which holds no key twice, mapped to {@code values}. */
    static ObjectValue of(String[] keys, JsonValue[] values) {
        return new ObjectValue(keys, values, KeyIndex.of(keys, 0, keys.length));
    }

    /** Returns a copy of this object without the member {@code key}, or this object if it has none. */
    JsonValue without(String key) {
        int position = position(key);
        if (position < 0) {
            return this;
        }
        int size = keys.length - 1;
        String[] newKeys = new String[size];
        JsonValue[] newValues = new JsonValue[size];
        System.arraycopy(keys, 0, newKeys, 0, position);
        System.arraycopy(values, 0, newValues, 0, position);
        System.arraycopy(keys, position + 1, newKeys, position, size - position);
        System.arraycopy(values, position + 1, newValues, position, size - position);
        return of(newKeys, newValues);
    }

    /** Returns the position of the member {@code key} in {@link #keys}, or -1. */
    int position(String key) {
        return KeyIndex.find(index, keys, 0, keys.length, key);
    }
}
