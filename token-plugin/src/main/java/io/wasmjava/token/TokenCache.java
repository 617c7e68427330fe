package io.wasmjava.token;

import io.wasmjava.core.HeaderValidator;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.InvalidHeaderException;
import io.wasmjava.core.Log;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.RegistrationList;
import io.wasmjava.core.config.Json;
import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonSyntaxException;
import io.wasmjava.core.config.JsonValue;
import io.wasmjava.http.HttpCallException;
import io.wasmjava.http.HttpCallback;
import io.wasmjava.http.HttpResponse;

/**
 * The cached token of one configuration, and the single fetch in flight. Requests that need a token while a fetch is
 * out wait for that fetch instead of starting their own, so a burst after expiry costs one call. A waiting request
 * whose stream ends (the client gave up, Envoy timed it out) leaves the waiter list at once: a token service that
 * never answers must not make the list grow with requests that are gone.
 *
 * <p>What the token service returns is checked before it is used: a token that is not a valid header value (CR, LF,
 * NUL or another control character, which would let the service inject headers into every request) fails the fetch;
 * its lifetime is read by {@link TokenLifetime}. After a failed fetch, no new one starts until the
 * {@link FetchBackoff} pause has passed.
 */
final class TokenCache {
    private final TokenConfig config;
    /** Where the token lives and who fetches: this VM alone, or every VM of the gateway. */
    private final TokenStore store;
    private String bodyToken;
    private String responseBody;
    private boolean fetching;
    private boolean dispatching;
    private boolean completedWhileDispatching;
    private String syncToken;
    private final RegistrationList<HttpContext> waiters = new RegistrationList<>();
    /** When the first of the requests waiting now started to wait for another VM's fetch. */
    private long waitingSinceMillis;

    TokenCache(TokenConfig config, TokenStore store) {
        this.config = config;
        this.store = store;
    }

    /** True if the token is shared with other VMs (see {@link TokenStore}). */
    boolean isShared() {
        return store.isShared();
    }

    /**
     * The cached entry if its token is valid at {@code nowMillis}, else null. One read of the store: callers take the
     * token, the refresh time and the body from this entry instead of reading again.
     */
    TokenEntry validEntry(long nowMillis) {
        TokenEntry entry = store.entry();
        return entry != null && nowMillis < entry.expiresAtMillis() ? entry : null;
    }

    /**
     * The token response's body for {@code bodyHeader}: that of the response this VM last fetched {@code token} from,
     * else the body stored with it in {@code read} (the entry {@code token} was read from, or null), else null.
     * Higress's example replaces newlines with {@code #}; every other character a header value may not hold (CR, NUL,
     * the other control characters) is replaced the same way, so the value is always a valid header value.
     */
    String bodyHeaderValue(String token, TokenEntry read) {
        if (responseBody != null && token.equals(bodyToken)) {
            return responseBody;
        }
        return read != null && token.equals(read.token()) ? read.body() : null;
    }

    /** {@code body} with each character that may not appear in a header value replaced by {@code #}. */
    static String headerSafe(String body) {
        int bad = HeaderValidator.invalidValueIndex(body);
        if (bad < 0) {
            return body;
        }
        char[] chars = body.toCharArray();
        for (int i = bad; i < chars.length; i++) {
            if (!HeaderValidator.isValueChar(chars[i])) {
                chars[i] = '#';
            }
        }
        return new String(chars);
    }

    /** Requests waiting for the fetch in flight (for tests). */
    int waiting() {
        return waiters.size();
    }

    /** Drops {@code used} if it is still the cached token (an upstream rejected it). */
    void invalidate(String used) {
        if (used != null) {
            store.invalidate(used);
        }
    }

    /**
     * Starts a background refresh unless a fetch is already out (in this VM, or in another for a shared store) or
     * fetching is paused after a failure.
     */
    void refresh(PluginContext plugin) {
        long nowMillis = plugin.currentTimeMillis();
        if (!fetching && !store.isPaused(nowMillis) && store.claimFetch(nowMillis)) {
            startFetch(plugin);
        }
    }

    /** What {@link #await} did with the request. */
    enum Await {
        /** The request waits for the fetch in flight; it will be resumed or answered. */
        WAITING,
        /** The fetch completed before {@code await} returned and the token was injected. */
        INJECTED,
        /**
         * No token: fetching is paused after a failed fetch ({@link FetchBackoff}), or the fetch failed before
         * {@code await} returned (the host refused it); the caller applies the failure policy.
         */
        FAILED
    }

    /**
     * Parks {@code http} until a token arrives, starting a fetch if none is out and fetching is not paused after a
     * failure.
     */
    Await await(HttpContext http) {
        if (fetching) {
            waiters.addUntilStreamEnd(http, http);
            return Await.WAITING;
        }
        long nowMillis = http.plugin().currentTimeMillis();
        if (store.isPaused(nowMillis)) {
            return Await.FAILED;
        }
        if (!store.claimFetch(nowMillis)) {
            // Another VM fetches, or has just stored a token.
            TokenEntry entry = validEntry(nowMillis);
            if (entry != null) {
                TokenPlugin.inject(http, config, entry.token(), entry);
                return Await.INJECTED;
            }
            if (waiters.size() == 0) {
                waitingSinceMillis = nowMillis;
            }
            waiters.addUntilStreamEnd(http, http);
            return Await.WAITING;
        }
        completedWhileDispatching = false;
        syncToken = null;
        startFetch(http.plugin());
        if (!completedWhileDispatching) {
            waiters.addUntilStreamEnd(http, http);
            return Await.WAITING;
        }
        // Hosts answer asynchronously; only a refused dispatch completes inside send().
        if (syncToken != null) {
            TokenPlugin.inject(http, config, syncToken, null);
            return Await.INJECTED;
        }
        return Await.FAILED;
    }

    private void startFetch(PluginContext plugin) {
        fetching = true;
        dispatching = true;
        long sentMillis = plugin.currentTimeMillis();
        config.metrics.fetches().increment();
        try {
            config.client.forPlugin().send(config.request, new HttpCallback() {
                @Override
                public void onResponse(HttpResponse response) {
                    complete(plugin, response, null, sentMillis);
                }

                @Override
                public void onFailure(HttpCallException failure) {
                    complete(plugin, null, failure.kind() + ": " + failure.getMessage(), sentMillis);
                }
            });
        } finally {
            dispatching = false;
        }
    }

    private void complete(PluginContext plugin, HttpResponse response, String failure, long sentMillis) {
        fetching = false;
        long nowMillis = plugin.currentTimeMillis();
        String fetched = null;
        if (response != null) {
            try {
                fetched = accept(response, nowMillis, plugin.log());
            } catch (RuntimeException e) {
                failure = e.getMessage();
            }
            if (fetched == null && failure == null) {
                failure = "token response " + response.status() + " carried no token";
            }
        }
        config.metrics.fetchEnded(sentMillis, nowMillis, failure != null);
        if (failure != null) {
            long pauseMillis = store.fetchFailed(nowMillis);
            plugin.log().warn("token fetch failed: " + failure
                    + (validEntry(nowMillis) != null ? "; keeping the current token until it expires" : "")
                    + (pauseMillis > 0 ? "; no new fetch for " + pauseMillis + " ms" : ""));
        }
        if (dispatching) {
            // Completed inside send(): no request is waiting yet; the caller of await() decides for its own.
            completedWhileDispatching = true;
            syncToken = fetched;
            return;
        }
        release(fetched, null);
    }

    /**
     * On the plugin's tick, with a shared store: serves the requests of this VM that wait for another VM's fetch once
     * its token is stored, fails them once it failed, and fetches itself if that VM's claim lapsed.
     */
    void poll(PluginContext plugin) {
        if (fetching || waiters.size() == 0) {
            return;
        }
        long nowMillis = plugin.currentTimeMillis();
        TokenEntry entry = validEntry(nowMillis);
        if (entry != null) {
            release(entry.token(), entry);
        } else if (store.lastFailureMillis() >= waitingSinceMillis) {
            release(null, null);
        } else if (store.claimFetch(nowMillis)) {
            startFetch(plugin);
        }
    }

    /**
     * Answers every waiting request: with {@code token} injected and resumed, or by the failure mode if null.
     * {@code read} is the stored entry {@code token} was read from, or null for a token this VM has just fetched.
     */
    private void release(String token, TokenEntry read) {
        // Waiters whose stream ended have left the list already. Taking each one out before acting on it keeps the
        // list consistent if acting on one ends another.
        for (HttpContext waiter = waiters.poll(); waiter != null; waiter = waiters.poll()) {
            if (waiter.isStreamEnded()) {
                continue;
            }
            if (token != null) {
                TokenPlugin.inject(waiter, config, token, read);
                waiter.resumeRequest();
            } else {
                TokenPlugin.onFailure(waiter, config);
            }
        }
    }

    /** Takes the token (and its lifetime) from a response; returns null if the response holds none. */
    private String accept(HttpResponse response, long nowMillis, Log log) {
        if (!response.isSuccessful()) {
            throw new IllegalStateException("token service answered " + response.status());
        }
        JsonValue body = null;
        String value;
        if (config.tokenHeader != null) {
            value = response.header(config.tokenHeader);
        } else {
            body = parseBody(response);
            JsonValue selected = config.tokenJsonPath.select(body);
            value = selected != null && selected.kind() == JsonKind.STRING ? selected.stringValue() : null;
        }
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            HeaderValidator.checkValue(config.injectHeader, value);
        } catch (InvalidHeaderException e) {
            // The message has the position, never the value: one stray byte does not make the rest any less secret.
            throw new IllegalStateException("token (" + value.length() + " chars) refused: " + e.getMessage());
        }
        if (config.bodyHeader != null) {
            bodyToken = value;
            responseBody = headerSafe(response.bodyString());
        }
        if (body == null && config.lifetime.readsBody()) {
            body = parseBody(response);
        }
        TokenLifetime.Lifetime lifetime = config.lifetime.of(response, body, value, nowMillis);
        long ttlSeconds = lifetime.seconds();
        TokenEntry entry = null;
        if (ttlSeconds > 0) {
            long ttlMillis = ttlSeconds * 1000L;
            long aheadMillis = Math.min(config.refreshAheadSeconds * 1000L, ttlMillis / 2);
            long expiresAtMillis = nowMillis + ttlMillis;
            entry = new TokenEntry(value, config.bodyHeader != null ? responseBody : null, expiresAtMillis,
                    expiresAtMillis - aheadMillis);
        }
        store.fetched(entry);
        // Never the value: its length and lifetime are enough to diagnose.
        log.info("token fetched: " + value.length() + " chars, "
                + (ttlSeconds > 0 ? "cached for " + ttlSeconds + " s" : "not cached") + lifetime.note());
        return value;
    }

    private static JsonValue parseBody(HttpResponse response) {
        try {
            return Json.parse(response.body());
        } catch (JsonSyntaxException e) {
            // Only the position: the parser's message quotes the input, and a body that is not JSON is often the
            // bare token itself.
            throw new IllegalStateException("token response body is not JSON (syntax error at line " + e.line()
                    + " column " + e.column() + ")");
        }
    }
}
