package io.wasmjava.core.config;

/**
 * Thrown when a plugin configuration is not acceptable: a required key is missing, a value has the wrong kind or is
 * out of range, or a plugin-specific rule is broken. It is an operator error, reported once when the plugin starts
 * (or reloads its configuration), never a per-request failure.
 *
 * <p>The message is {@code path() + ": " + problem()}, e.g. {@code redis.service_port: must be between 1 and 65535
 * but was 70000}; see {@link ConfigNode#path()} for the path format. The subtype {@link JsonSyntaxException}, thrown
 * for input that is not JSON at all, is the one exception: its message starts with a line, column and offset.
 */
public class ConfigException extends RuntimeException {
    private final String path;
    private final String problem;

    ConfigException(String path, String problem) {
        this(path, problem, path + ": " + problem);
    }

    ConfigException(String path, String problem, String message) {
        super(message);
        this.path = path;
        this.problem = problem;
    }

    /**
     * Returns an exception for a problem at {@code path}, for validation a plugin does itself. Prefer {@link
     * ConfigNode#error(String, String)}, which computes the path.
     *
     * @param path the path of the offending value, in the format of {@link ConfigNode#path()}
     * @param problem what is wrong, starting in lowercase, e.g. {@code "must not be empty"}
     */
    public static ConfigException at(String path, String problem) {
        if (path == null || problem == null) {
            throw new NullPointerException(path == null ? "path" : "problem");
        }
        return new ConfigException(path, problem);
    }

    /** Returns the path of the offending value, e.g. {@code rule_items[2].limit_keys[0].key}, or {@code $}. */
    public String path() {
        return path;
    }

    /** Returns the message without its location prefix, e.g. {@code expected string but was number}. */
    public String problem() {
        return problem;
    }
}
