package io.wasmjava.token;

/**
 * A cached token: what a fetch stored for every VM to use.
 *
 * @param token the token, a valid header value
 * @param body the token response's body for {@code bodyHeader} (already {@linkplain TokenCache#headerSafe header-safe}),
 *     or null when no {@code bodyHeader} is configured
 * @param expiresAtMillis when the token stops being used (host clock, epoch milliseconds)
 * @param refreshAtMillis from when a request starts a background fetch to replace it
 */
record TokenEntry(String token, String body, long expiresAtMillis, long refreshAtMillis) {
    /** Not the token: it is a secret. */
    @Override
    public String toString() {
        return "TokenEntry(" + token.length() + " chars, expires " + expiresAtMillis + ", refresh " + refreshAtMillis
                + ")";
    }
}
