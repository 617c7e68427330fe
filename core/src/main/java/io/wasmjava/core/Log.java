package io.wasmjava.core;

import io.wasmjava.core.host.Host;

/**
 * A plugin logger. Messages are written through {@code proxy_log} as {@code [plugin] [id] [request-id] message},
 * the Higress format; the id is the config's {@code _plugin_id_} (or {@code nil}) and the request id the request's
 * {@code x-request-id} (or {@code nil}). A message below the host's log level is dropped before it is formatted
 * into the prefix. Never log secrets (tokens, passwords) above {@link #debug}.
 */
public final class Log {
    private final Host host;
    private final String prefix;

    /**
     * A logger writing through {@code host}. Null or empty {@code pluginId} and {@code requestId} print as
     * {@code nil}, as in Higress.
     */
    public Log(Host host, String pluginName, String pluginId, String requestId) {
        this.host = host;
        this.prefix = "[" + pluginName + "] [" + orNil(pluginId) + "] [" + orNil(requestId) + "] ";
    }

    private static String orNil(String value) {
        return value == null || value.isEmpty() ? "nil" : value;
    }

    public void trace(String message) {
        log(LogLevel.TRACE, message);
    }

    public void debug(String message) {
        log(LogLevel.DEBUG, message);
    }

    public void info(String message) {
        log(LogLevel.INFO, message);
    }

    public void warn(String message) {
        log(LogLevel.WARN, message);
    }

    public void error(String message) {
        log(LogLevel.ERROR, message);
    }

    public void critical(String message) {
        log(LogLevel.CRITICAL, message);
    }

    /** True if a message at {@code level} would be written; use it to skip building expensive messages. */
    public boolean isEnabled(LogLevel level) {
        // Ordinals rather than compareTo, which links Enum.compareTo and its class check into every module.
        return level.ordinal() >= host.logLevel().ordinal();
    }

    /** Writes {@code message} at {@code level} with the Higress prefix, if the host's level allows it. */
    public void log(LogLevel level, String message) {
        if (!isEnabled(level)) {
            return;
        }
        host.log(level, prefix + message);
    }
}
