package io.wasmjava.core.config;

/** {@code true}, {@code false} or {@code null}: the three instances are {@link JsonValue#TRUE} and its siblings. */
final class LiteralValue extends JsonValue {
    LiteralValue(JsonKind kind) {
        super(kind);
    }
}
