package io.wasmjava.token;

import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Log;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.config.Json;
import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonSyntaxException;
import io.wasmjava.core.config.JsonValue;
import io.wasmjava.http.HttpCallException;
import io.wasmjava.http.HttpCallback;
import io.wasmjava.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The cached token of one configuration, and the single fetch in flight. Requests that need a token while a fetch is
 * out wait for that fetch instead of starting their own, so a burst after expiry costs one call.
 */
final class TokenCache {
    private final TokenConfig config;
    private String token;
    private String bodyToken;
    private String responseBody;
    private long expiresAtMillis;
    private long refreshAtMillis;
    private boolean fetching;
    private boolean dispatching;
    private boolean completedWhileDispatching;
    private String syncToken;
    private List<HttpContext> waiters = new ArrayList<>();

    TokenCache(TokenConfig config) {
        this.config = config;
    }

    /** A token that is valid now, or null. */
    String validToken(long nowMillis) {
        return token != null && nowMillis < expiresAtMillis ? token : null;
    }

    /**
     * The token response's body for {@code bodyHeader} (newlines replaced by {@code #}, as Higress's example does),
     * or null if {@code fetchedToken} did not come with the last response.
     */
    String bodyHeaderValue(String fetchedToken) {
        return responseBody != null && fetchedToken.equals(bodyToken) ? responseBody.replace("\n", "#") : null;
    }

    /** True if the valid token should be replaced soon (refresh ahead of expiry). */
    boolean wantsRefresh(long nowMillis) {
        return token != null && nowMillis >= refreshAtMillis;
    }

    /** Drops {@code used} if it is still the cached token (an upstream rejected it). */
    void invalidate(String used) {
        if (used != null && used.equals(token)) {
            token = null;
        }
    }

    /** Starts a background refresh unless a fetch is already out. */
    void refresh(PluginContext plugin) {
        if (!fetching) {
            startFetch(plugin);
        }
    }

    /** What {@link #await} did with the request. */
    enum Await {
        /** The request waits for the fetch in flight; it will be resumed or answered. */
        WAITING,
        /** The fetch completed before {@code await} returned and the token was injected. */
        INJECTED,
        /** The fetch failed before {@code await} returned (the host refused it); the caller decides. */
        FAILED
    }

    /** Parks {@code http} until a token arrives, starting a fetch if none is out. */
    Await await(HttpContext http) {
        if (fetching) {
            waiters.add(http);
            return Await.WAITING;
        }
        completedWhileDispatching = false;
        syncToken = null;
        startFetch(http.plugin());
        if (!completedWhileDispatching) {
            waiters.add(http);
            return Await.WAITING;
        }
        // Hosts answer asynchronously; only a refused dispatch completes inside send().
        if (syncToken != null) {
            TokenPlugin.inject(http, config, syncToken);
            return Await.INJECTED;
        }
        return Await.FAILED;
    }

    private void startFetch(PluginContext plugin) {
        fetching = true;
        dispatching = true;
        try {
            config.client.sendForPlugin(config.request, new HttpCallback() {
                @Override
                public void onResponse(HttpResponse response) {
                    complete(plugin, response, null);
                }

                @Override
                public void onFailure(HttpCallException failure) {
                    complete(plugin, null, failure.kind() + ": " + failure.getMessage());
                }
            });
        } finally {
            dispatching = false;
        }
    }

    private void complete(PluginContext plugin, HttpResponse response, String failure) {
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
        if (failure != null) {
            plugin.log().warn("token fetch failed: " + failure
                    + (validToken(nowMillis) != null ? "; keeping the current token until it expires" : ""));
        }
        if (dispatching) {
            // Completed inside send(): no request is waiting yet; the caller of await() decides for its own.
            completedWhileDispatching = true;
            syncToken = fetched;
            return;
        }
        List<HttpContext> released = waiters;
        waiters = new ArrayList<>();
        for (HttpContext waiter : released) {
            if (waiter.isStreamEnded()) {
                continue;
            }
            if (fetched != null) {
                TokenPlugin.inject(waiter, config, fetched);
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
        if (config.bodyHeader != null) {
            bodyToken = value;
            responseBody = response.bodyString();
        }
        long ttlSeconds = config.cacheTtlSeconds;
        if (config.expiresInJsonPath != null) {
            if (body == null) {
                body = parseBody(response);
            }
            JsonValue expiresIn = config.expiresInJsonPath.select(body);
            if (expiresIn != null && expiresIn.kind() == JsonKind.NUMBER && expiresIn.isIntegral()
                    && expiresIn.longValue() >= 0) {
                ttlSeconds = expiresIn.longValue();
            }
        }
        if (ttlSeconds > 0) {
            long ttlMillis = ttlSeconds * 1000L;
            long aheadMillis = Math.min(config.refreshAheadSeconds * 1000L, ttlMillis / 2);
            token = value;
            expiresAtMillis = nowMillis + ttlMillis;
            refreshAtMillis = expiresAtMillis - aheadMillis;
        }
        // Never the value: its length and lifetime are enough to diagnose.
        log.info("token fetched: " + value.length() + " chars, "
                + (ttlSeconds > 0 ? "cached for " + ttlSeconds + " s" : "not cached"));
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
