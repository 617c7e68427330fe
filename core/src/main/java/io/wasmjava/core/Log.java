package io.wasmjava.core;

import io.wasmjava.core.host.Host;

/**
 * A plugin logger. Messages are written through {@code proxy_log} as {@code [plugin] [id] [request-id] message},
 * the Higress format; the id is the config's {@code _plugin_id_} (or {@code nil}) and the request id the request's
 * {@code x-request-id} (or {@code nil}). A message below the host's log level is dropped before it is formatted
 * into the prefix. Never log secrets (tokens, passwords) above {@link #debug}.
 *
 * <h2>Templates</h2>
 * The methods with arguments take a template in which each {@code {}} is replaced by the next argument's
 * {@link String#valueOf} text, in order (as SLF4J does; no {@code String.format}): {@code log.info("fetched {} in {}
 * ms", name, millis)}. A {@code {}} without an argument stays as it is; arguments without a {@code {}} are ignored.
 * Nothing is formatted, and no argument's {@code toString} runs, when the level is disabled. An argument wrapped in
 * {@link #sensitive} prints as {@value #REDACTED} in messages above DEBUG (and at every level in safe-log mode).
 *
 * <h2>Safe-log mode</h2>
 * Higress's {@code EnableSafeLog} (higress-group/wasm-go {@code pkg/log/log.go:103-129}): with
 * {@link Plugin.Builder#enableSafeLog()}, the {@link #unsafeInfo} messages, which carry request data such as headers
 * and bodies, are written at DEBUG with a leading newline (so a line-based collector does not capture them whole)
 * instead of at INFO.
 */
public final class Log {
    /** What a {@link #sensitive} argument prints as where it is masked. */
    public static final String REDACTED = "<redacted>";

    private final Host host;
    private final String prefix;
    private final boolean safeLog;

    /**
     * A logger writing through {@code host}. Null or empty {@code pluginId} and {@code requestId} print as
     * {@code nil}, as in Higress.
     */
    public Log(Host host, String pluginName, String pluginId, String requestId) {
        this(host, pluginName, pluginId, requestId, false);
    }

    /** As {@link #Log(Host, String, String, String)}, in safe-log mode if {@code safeLog} (see the class description). */
    public Log(Host host, String pluginName, String pluginId, String requestId, boolean safeLog) {
        this.host = host;
        this.prefix = "[" + pluginName + "] [" + orNil(pluginId) + "] [" + orNil(requestId) + "] ";
        this.safeLog = safeLog;
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

    // ---- templates ----

    /** {@link #trace(String)} of {@code template} with {@code {}} placeholders (see the class description). */
    public void trace(String template, Object... arguments) {
        log(LogLevel.TRACE, template, arguments);
    }

    /** {@link #debug(String)} of {@code template} with {@code {}} placeholders. */
    public void debug(String template, Object... arguments) {
        log(LogLevel.DEBUG, template, arguments);
    }

    /** {@link #info(String)} of {@code template} with {@code {}} placeholders. */
    public void info(String template, Object... arguments) {
        log(LogLevel.INFO, template, arguments);
    }

    /** {@link #warn(String)} of {@code template} with {@code {}} placeholders. */
    public void warn(String template, Object... arguments) {
        log(LogLevel.WARN, template, arguments);
    }

    /** {@link #error(String)} of {@code template} with {@code {}} placeholders. */
    public void error(String template, Object... arguments) {
        log(LogLevel.ERROR, template, arguments);
    }

    /** {@link #critical(String)} of {@code template} with {@code {}} placeholders. */
    public void critical(String template, Object... arguments) {
        log(LogLevel.CRITICAL, template, arguments);
    }

    /** Writes {@code template} with its {@code {}} placeholders filled, if the host's level allows {@code level}. */
    public void log(LogLevel level, String template, Object... arguments) {
        if (!isEnabled(level)) {
            return;
        }
        host.log(level, prefix + LogTemplate.format(template, arguments, safeLog || level.ordinal() > 1));
    }

    // ---- safe-log mode ----

    /**
     * Logs a message that carries request data (headers, bodies): at INFO, or in safe-log mode at DEBUG with a
     * leading newline (Higress's {@code UnsafeInfo}).
     */
    public void unsafeInfo(String message) {
        if (safeLog) {
            log(LogLevel.DEBUG, "\n" + message);
        } else {
            log(LogLevel.INFO, message);
        }
    }

    /** {@link #unsafeInfo(String)} of a template (Higress's {@code UnsafeInfof}). */
    public void unsafeInfo(String template, Object... arguments) {
        if (safeLog) {
            log(LogLevel.DEBUG, "\n" + template, arguments);
        } else {
            log(LogLevel.INFO, template, arguments);
        }
    }

    /** True if this logger is in safe-log mode ({@link Plugin.Builder#enableSafeLog()}). */
    public boolean isSafeLog() {
        return safeLog;
    }

    /**
     * Marks a template argument as sensitive (a token, a password, a personal value): it prints as
     * {@value #REDACTED} in messages above DEBUG, and at every level in safe-log mode; in full otherwise.
     */
    public static Object sensitive(Object value) {
        return new LogTemplate.Sensitive(value);
    }
}
