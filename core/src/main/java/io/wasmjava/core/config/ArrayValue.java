package io.wasmjava.core.config;

/** An array: its elements in an exactly sized array that nothing else references. */
final class ArrayValue extends JsonValue {
    static final JsonValue[] NO_ELEMENTS = new JsonValue[0];

    final JsonValue[] elements;

    ArrayValue(JsonValue[] elements) {
        super(JsonKind.ARRAY);
        this.elements = elements;
    }
}
