package io.wasmjava.host;

import io.wasmjava.core.host.LogLevel;
import java.util.Objects;

/** One message the plugin wrote through {@code proxy_log} (or WASI {@code fd_write}), as the host received it. */
public final class LogRecord {
    private final LogLevel level;
    private final String message;

    /**
     * @throws NullPointerException if an argument is null
     */
    public LogRecord(LogLevel level, String message) {
        this.level = Objects.requireNonNull(level, "level");
        this.message = Objects.requireNonNull(message, "message");
    }

    /** The level the message was logged at. */
    public LogLevel level() {
        return level;
    }

    /** The raw message, including the plugin's own prefix such as {@code [hello-plugin] [nil] [nil] }. */
    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogRecord && ((LogRecord) other).level == level
                && ((LogRecord) other).message.equals(message);
    }

    @Override
    public int hashCode() {
        return level.hashCode() * 31 + message.hashCode();
    }

    /** {@code LEVEL message}. */
    @Override
    public String toString() {
        return level + " " + message;
    }
}
