package io.wasmjava.redis;

/** The server answered with an error reply ({@code -ERR ...}, {@code -NOSCRIPT ...}, {@code -WRONGPASS ...}). */
public final class RedisReplyException extends RedisException {
    private final String prefix;

    RedisReplyException(String message, String prefix) {
        super(message);
        this.prefix = prefix;
    }

    /** The first word of the reply, e.g. {@code ERR}, {@code NOSCRIPT}, {@code WRONGPASS}, {@code NOAUTH}. */
    public String prefix() {
        return prefix;
    }

    /** True for {@code NOSCRIPT}: EVALSHA named a script the server does not have; fall back to EVAL. */
    public boolean isNoScript() {
        return "NOSCRIPT".equals(prefix);
    }
}
