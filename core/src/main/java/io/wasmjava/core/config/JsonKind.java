package io.wasmjava.core.config;

/** The six kinds of JSON value (RFC 8259 §3). */
public enum JsonKind {
    /** An object: string keys, each mapped to one value. */
    OBJECT,
    /** An ordered sequence of values. */
    ARRAY,
    /** A string of Unicode characters. */
    STRING,
    /** A decimal number, kept as its source text. */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** {@code null}. */
    NULL;

    /** Returns the lowercase name used in error messages: {@code "object"}, {@code "boolean"} and so on. */
    String displayName() {
        switch (this) {
            case OBJECT:
                return "object";
            case ARRAY:
                return "array";
            case STRING:
                return "string";
            case NUMBER:
                return "number";
            case BOOLEAN:
                return "boolean";
            default:
                return "null";
        }
    }
}
