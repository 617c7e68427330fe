package io.wasmjava.devserver;

import io.wasmjava.core.LogLevel;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The gateway's log: one line per event, {@code <time> <level> [<source>] <message>}. Sources are {@code gateway},
 * {@code request}, {@code callout}, {@code redis} and {@code wasm <plugin>/w<worker>} for what plugins write with
 * {@code proxy_log}. Lines below the level are dropped (and plugins are told the level, so they skip them too).
 *
 * <p>Nothing logged here carries a body, a query string or a header value: request lines give the method, the path
 * without its query, the status and the duration. Thread-safe.
 */
final class GatewayLog {
    private final LogLevel level;
    private final Consumer<String> sink;

    GatewayLog(LogLevel level, Consumer<String> sink) {
        this.level = Objects.requireNonNull(level, "level");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** A log that prints to {@code out}. */
    static GatewayLog printingTo(PrintStream out, LogLevel level) {
        return new GatewayLog(level, out::println);
    }

    LogLevel level() {
        return level;
    }

    boolean isEnabled(LogLevel messageLevel) {
        return messageLevel.code() >= level.code();
    }

    void log(LogLevel messageLevel, String source, String message) {
        if (isEnabled(messageLevel)) {
            sink.accept(Instant.now() + " " + name(messageLevel) + " [" + source + "] " + message);
        }
    }

    void debug(String source, String message) {
        log(LogLevel.DEBUG, source, message);
    }

    void info(String source, String message) {
        log(LogLevel.INFO, source, message);
    }

    void warn(String source, String message) {
        log(LogLevel.WARN, source, message);
    }

    void error(String source, String message) {
        log(LogLevel.ERROR, source, message);
    }

    static String name(LogLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a level name as given to {@code --log-level}: {@code trace}, {@code debug}, {@code info},
     * {@code warn} (or {@code warning}), {@code error}, {@code critical}.
     *
     * @throws IllegalArgumentException for anything else
     */
    static LogLevel parseLevel(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("warning")) {
            return LogLevel.WARN;
        }
        for (LogLevel candidate : LogLevel.values()) {
            if (candidate.name().toLowerCase(Locale.ROOT).equals(lower)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown log level \"" + name
                + "\"; expected trace, debug, info, warn, error or critical");
    }

    /** {@code path} without its query string, for logs: queries may carry credentials. */
    static String pathWithoutQuery(String path) {
        int question = path.indexOf('?');
        return question < 0 ? path : path.substring(0, question) + "?…";
    }
}
