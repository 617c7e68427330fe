package io.wasmjava.core.config;

/** The six kinds of JSON value (RFC 8259 §3). */
public enum JsonKind {
    /** An object: string keys, each mapped to one value. */
    OBJECT("object"),
    /** An ordered sequence of values. */
    ARRAY("array"),
    /** A string of Unicode characters. */
    STRING("string"),
    /** A decimal number, kept as its source text. */
    NUMBER("number"),
    /** {@code true} or {@code false}. */
    BOOLEAN("boolean"),
    /** {@code null}. */
    NULL("null");

    private final String displayName;

    JsonKind(String displayName) {
        this.displayName = displayName;
    }

    /** Returns the lowercase name used in error messages: {@code "object"}, {@code "boolean"} and so on. */
    String displayName() {
        return displayName;
    }
}
