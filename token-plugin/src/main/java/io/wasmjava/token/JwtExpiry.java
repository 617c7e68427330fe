package io.wasmjava.token;

import io.wasmjava.core.config.Json;
import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonSyntaxException;
import io.wasmjava.core.config.JsonValue;

/**
 * Reads the {@code exp} claim of a token that is a JWT in JWS compact form (RFC 7515 §7.1:
 * {@code header.payload.signature}, each part base64url without padding; RFC 7519 §4.1.4: {@code exp} is a
 * NumericDate, seconds since the epoch, possibly with a fraction). Only the payload is decoded; nothing is verified:
 * the token comes from the configured token service and {@code exp} only bounds how long it is cached, never how
 * long it is trusted beyond the other lifetime sources or {@link TokenLifetime#MAX_LIFETIME_SECONDS}.
 *
 * <p>Every problem is an {@link IllegalArgumentException} whose message names what is wrong and never quotes the
 * token: the caller falls back to the other lifetime sources.
 */
final class JwtExpiry {
    private JwtExpiry() {
    }

    /**
     * The token's {@code exp}, rounded toward zero and clamped to {@code [min, max]}.
     *
     * @throws IllegalArgumentException if the token is not a JWS compact JWT, its payload is not base64url or not a
     *     JSON object, or it has no numeric {@code exp}
     */
    static long expSeconds(String token, long min, long max) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            int dots = 0;
            for (int i = 0; i < token.length(); i++) {
                dots += token.charAt(i) == '.' ? 1 : 0;
            }
            // A JWE (RFC 7516 §7.1) has five parts and an encrypted payload.
            throw new IllegalArgumentException(dots == 4 ? "an encrypted JWT, whose claims cannot be read"
                    : "not a JWT (" + (dots + 1) + " dot-separated parts, not 3)");
        }
        byte[] payload = base64Url(token, first + 1, second);
        if (payload == null) {
            throw new IllegalArgumentException("JWT payload is not base64url");
        }
        JsonValue claims;
        try {
            claims = Json.parse(payload);
        } catch (JsonSyntaxException e) {
            // Only the position: the message of the parser would quote the payload.
            throw new IllegalArgumentException("JWT payload is not JSON (syntax error at line " + e.line()
                    + " column " + e.column() + ")");
        }
        if (claims.kind() != JsonKind.OBJECT) {
            throw new IllegalArgumentException("JWT payload is not a JSON object");
        }
        JsonValue exp = claims.member("exp");
        if (exp == null) {
            throw new IllegalArgumentException("JWT has no exp claim");
        }
        if (exp.kind() != JsonKind.NUMBER) {
            throw new IllegalArgumentException("JWT exp is not a number");
        }
        return exp.clampedLong(min, max);
    }

    /**
     * {@code text[from, to)} decoded as base64url without padding (RFC 4648 §5, RFC 7515 §2), or null if it holds a
     * character outside the alphabet, a {@code =}, or a length no encoding gives (a remainder of 1 character).
     */
    static byte[] base64Url(String text, int from, int to) {
        int length = to - from;
        if (length % 4 == 1) {
            return null;
        }
        byte[] out = new byte[length / 4 * 3 + Math.max(0, length % 4 - 1)];
        int bits = 0;
        int count = 0;
        int written = 0;
        for (int i = from; i < to; i++) {
            int value = sextet(text.charAt(i));
            if (value < 0) {
                return null;
            }
            bits = bits << 6 | value;
            count += 6;
            if (count >= 8) {
                count -= 8;
                out[written++] = (byte) (bits >> count);
                bits &= (1 << count) - 1;
            }
        }
        return out;
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }
}
