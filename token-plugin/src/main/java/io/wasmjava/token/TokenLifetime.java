package io.wasmjava.token;

import io.wasmjava.core.Utf8;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.config.Json;
import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonSyntaxException;
import io.wasmjava.core.config.JsonValue;
import io.wasmjava.http.HttpResponse;
import java.util.List;

/**
 * How long a fetched token is cached: the configuration's lifetime sources and their precedence. Immutable.
 *
 * <table>
 *   <caption>Sources (each optional)</caption>
 *   <tr><th>field</th><th>reads</th></tr>
 *   <tr><td>{@code expiresInJsonPath}</td><td>seconds from now, in the JSON body</td></tr>
 *   <tr><td>{@code expiresAtJsonPath}</td><td>an absolute expiry in epoch seconds, in the JSON body</td></tr>
 *   <tr><td>{@code lifetimeFromCacheControl: true}</td><td>{@code max-age} of the response's
 *       {@code Cache-Control} (RFC 9111 §5.2.2.1)</td></tr>
 *   <tr><td>{@code lifetimeFromJwt: true}</td><td>the {@code exp} claim of the token itself ({@link JwtExpiry})</td></tr>
 * </table>
 *
 * <p><b>Precedence:</b> every source that gives a lifetime is read and the <em>shortest</em> wins, since each one
 * says the token is not valid after it; {@code cacheTtlSeconds} applies only when none gives one. Whatever the
 * source, the lifetime is capped at {@link #MAX_LIFETIME_SECONDS}, and zero or less (an expiry in the past) means
 * "already expired": the token serves the requests waiting for it and is not cached.
 *
 * <p>A source that gives nothing usable falls back to the others: a JSON field that is missing, {@code null}, a
 * boolean or a string that is not a number (as before); a {@code Cache-Control} without {@code max-age}, or with a
 * {@code max-age} that is not a number of seconds; a token that is not a JWT with a numeric {@code exp}. The last two
 * are noted in the fetch's log line, without the token. Only {@code max-age} is read: {@code no-store} and
 * {@code no-cache} are about HTTP caches, and RFC 6749 §5.1 requires {@code Cache-Control: no-store} on every OAuth
 * token response, so honouring them would turn caching off for every OAuth server.
 */
final class TokenLifetime {
    /** The longest a token is cached: 365 days, whatever the token service or the configuration says. */
    static final long MAX_LIFETIME_SECONDS = 365L * 24 * 60 * 60;
    /** {@link #seconds}: the value gives no lifetime. */
    static final long NO_LIFETIME = Long.MIN_VALUE;
    /** Absolute expiries are clamped to +-2^52 s (about 143 million years) so that milliseconds cannot overflow. */
    private static final long EPOCH_SECONDS_BOUND = 1L << 52;
    private static final String CACHE_CONTROL = "Cache-Control max-age";
    private static final String JWT = "JWT exp";

    /** A lifetime in whole seconds (0: not cached) and the note the fetch's log line carries (may be empty). */
    record Lifetime(long seconds, String note) {
    }

    private final long cacheTtlSeconds;
    private final JsonPath expiresInJsonPath;
    private final JsonPath expiresAtJsonPath;
    private final boolean fromCacheControl;
    private final boolean fromJwt;
    /** True if more than one source is configured: the log line then says which one won. */
    private final boolean severalSources;

    private TokenLifetime(long cacheTtlSeconds, JsonPath expiresInJsonPath, JsonPath expiresAtJsonPath,
            boolean fromCacheControl, boolean fromJwt) {
        this.cacheTtlSeconds = cacheTtlSeconds;
        this.expiresInJsonPath = expiresInJsonPath;
        this.expiresAtJsonPath = expiresAtJsonPath;
        this.fromCacheControl = fromCacheControl;
        this.fromJwt = fromJwt;
        int sources = (expiresInJsonPath != null ? 1 : 0) + (expiresAtJsonPath != null ? 1 : 0)
                + (fromCacheControl ? 1 : 0) + (fromJwt ? 1 : 0);
        this.severalSources = sources > 1;
    }

    /**
     * Reads {@code cacheTtlSeconds}, {@code expiresInJsonPath}, {@code expiresAtJsonPath},
     * {@code lifetimeFromCacheControl} and {@code lifetimeFromJwt}.
     *
     * @throws io.wasmjava.core.config.ConfigException naming the field
     */
    static TokenLifetime parse(ConfigNode json) {
        return new TokenLifetime(json.integer("cacheTtlSeconds", 0, 0, (int) MAX_LIFETIME_SECONDS),
                optionalPath(json, "expiresInJsonPath"), optionalPath(json, "expiresAtJsonPath"),
                json.bool("lifetimeFromCacheControl", false), json.bool("lifetimeFromJwt", false));
    }

    private static JsonPath optionalPath(ConfigNode json, String key) {
        return json.isNull(key) ? null : TokenConfig.jsonPath(json, key);
    }

    /** True if a token may be cached: a fixed lifetime, or a source that can give one, is configured. */
    boolean mayCache() {
        return cacheTtlSeconds > 0 || expiresInJsonPath != null || expiresAtJsonPath != null || fromCacheControl
                || fromJwt;
    }

    /** True if a source reads the JSON body: {@link #of} then needs it parsed. */
    boolean readsBody() {
        return expiresInJsonPath != null || expiresAtJsonPath != null;
    }

    /**
     * The lifetime of {@code token}, fetched in {@code response} at {@code nowMillis}.
     *
     * @param body the parsed body; may be null unless {@link #readsBody()}
     */
    Lifetime of(HttpResponse response, JsonValue body, String token, long nowMillis) {
        Candidate best = new Candidate();
        StringBuilder unread = new StringBuilder();
        if (expiresInJsonPath != null) {
            best.offer(seconds(expiresInJsonPath.select(body)), expiresInJsonPath.toString(), false);
        }
        if (expiresAtJsonPath != null) {
            long at = seconds(expiresAtJsonPath.select(body));
            if (at != NO_LIFETIME) {
                best.offer(secondsUntil(at, nowMillis), expiresAtJsonPath.toString(), true);
            }
        }
        if (fromCacheControl) {
            try {
                best.offer(maxAgeSeconds(response.headers().values("cache-control")), CACHE_CONTROL, false);
            } catch (IllegalArgumentException e) {
                unread.append(" (").append(CACHE_CONTROL).append(" not read: ").append(e.getMessage()).append(')');
            }
        }
        if (fromJwt) {
            try {
                long exp = JwtExpiry.expSeconds(token, -EPOCH_SECONDS_BOUND, EPOCH_SECONDS_BOUND);
                best.offer(secondsUntil(exp, nowMillis), JWT, true);
            } catch (IllegalArgumentException e) {
                unread.append(" (").append(JWT).append(" not read: ").append(e.getMessage()).append(')');
            }
        }
        if (best.source == null) {
            return new Lifetime(cacheTtlSeconds, unread.toString());
        }
        String note;
        if (best.seconds > MAX_LIFETIME_SECONDS) {
            note = " (" + best.source + " above the maximum)";
        } else if (best.seconds <= 0) {
            note = " (" + best.source + (best.absolute ? " has passed)" : " is not positive)");
        } else {
            note = severalSources ? " (from " + best.source + ")" : "";
        }
        return new Lifetime(Math.max(0, Math.min(best.seconds, MAX_LIFETIME_SECONDS)), note + unread);
    }

    /** The shortest lifetime offered so far, and where it came from. */
    private static final class Candidate {
        long seconds;
        String source;
        boolean absolute;

        void offer(long offered, String from, boolean isAbsolute) {
            if (offered != NO_LIFETIME && (source == null || offered < seconds)) {
                seconds = offered;
                source = from;
                absolute = isAbsolute;
            }
        }
    }

    /** Whole seconds from {@code nowMillis} to the epoch second {@code at}, rounded down: never past {@code at}. */
    private static long secondsUntil(long at, long nowMillis) {
        long bounded = Math.max(-EPOCH_SECONDS_BOUND, Math.min(at, EPOCH_SECONDS_BOUND));
        return Math.floorDiv(bounded * 1000 - nowMillis, 1000);
    }

    /**
     * A number of seconds from the JSON body, or {@link #NO_LIFETIME}. A JSON number, or a string holding one (some
     * services send {@code "3599"}), is rounded toward zero and saturates instead of overflowing
     * ({@code 99999999999999999999} is {@link Long#MAX_VALUE}). Anything else (absent, null, a boolean, an object, a
     * string that is not a number) gives no lifetime.
     */
    static long seconds(JsonValue value) {
        if (value == null) {
            return NO_LIFETIME;
        }
        JsonValue number = value;
        if (value.kind() == JsonKind.STRING) {
            try {
                number = Json.parse(value.stringValue());
            } catch (JsonSyntaxException e) {
                return NO_LIFETIME;
            }
        }
        if (number.kind() != JsonKind.NUMBER) {
            return NO_LIFETIME;
        }
        // Long.MIN_VALUE is NO_LIFETIME: a huge negative lifetime saturates one above it, still "already expired".
        return number.clampedLong(Long.MIN_VALUE + 1, Long.MAX_VALUE);
    }

    /**
     * The first {@code max-age} directive of the {@code Cache-Control} field lines {@code values} (RFC 9111 §4.2.1
     * allows using the first occurrence), or {@link #NO_LIFETIME} if there is none. Directive names are
     * case-insensitive; the argument is delta-seconds (RFC 9111 §1.2.2), in token or quoted-string form (§5.2), and a
     * value too large to represent saturates (§1.2.2) before the 365-day cap.
     *
     * @throws IllegalArgumentException if the first {@code max-age} has no argument or one that is not digits
     */
    static long maxAgeSeconds(List<String> values) {
        for (String value : values) {
            int length = value.length();
            int i = 0;
            while (i < length) {
                char c = value.charAt(i);
                if (c == ',' || c == ' ' || c == '\t') {
                    i++;
                    continue;
                }
                int nameStart = i;
                while (i < length && value.charAt(i) != '=' && value.charAt(i) != ',') {
                    i++;
                }
                String name = value.substring(nameStart, i).trim();
                String argument = null;
                if (i < length && value.charAt(i) == '=') {
                    i++;
                    StringBuilder text = new StringBuilder();
                    if (i < length && value.charAt(i) == '"') {
                        for (i++; i < length && value.charAt(i) != '"'; i++) {
                            if (value.charAt(i) == '\\' && i + 1 < length) {
                                i++;
                            }
                            text.append(value.charAt(i));
                        }
                    }
                    // The unquoted form, or whatever follows a closing quote, runs to the next comma.
                    int argumentEnd = value.indexOf(',', i);
                    argumentEnd = argumentEnd < 0 ? length : argumentEnd;
                    if (text.length() == 0) {
                        text.append(value, i, argumentEnd);
                    }
                    i = argumentEnd;
                    argument = text.toString().trim();
                }
                if (Utf8.lowerAscii(name).equals("max-age")) {
                    return deltaSeconds(argument);
                }
            }
        }
        return NO_LIFETIME;
    }

    private static long deltaSeconds(String argument) {
        if (argument == null || argument.isEmpty()) {
            throw new IllegalArgumentException("max-age without a value");
        }
        long seconds = 0;
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("max-age is not a number of seconds");
            }
            // Saturates: anything beyond the 365-day cap is the cap anyway.
            seconds = seconds > Long.MAX_VALUE / 10 - 10 ? Long.MAX_VALUE / 10 : seconds * 10 + (c - '0');
        }
        return seconds;
    }
}
