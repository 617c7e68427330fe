package io.wasmjava.host;

import io.wasmjava.core.LogLevel;
import java.util.Objects;

/**
 * One message the plugin wrote through {@code proxy_log} (or WASI {@code fd_write}), as the host received it.
 *
 * @param level the level the message was logged at
 * @param message the raw message, including the plugin's own prefix such as {@code [hello-plugin] [nil] [nil] }
 */
public record LogRecord(LogLevel level, String message) {
    /**
     * @throws NullPointerException if an argument is null
     */
    public LogRecord {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    /** {@code LEVEL message}. */
    @Override
    public String toString() {
        return level + " " + message;
    }
}
