package io.wasmjava.token;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Plugin;
import java.util.function.Consumer;

/**
 * Injects a token fetched from an HTTP service into every request.
 *
 * <ol>
 *   <li>The client's own copy of the injected header (and of the body header and failure marker) is removed unless
 *       {@code stripClientHeader} is false, so it cannot be spoofed.</li>
 *   <li>A request matching {@code skipRules} ({@link SkipRules}) goes on without a token.</li>
 *   <li>A cached, valid token is injected at once; within {@code refreshAheadSeconds} of expiry a background fetch
 *       replaces it while requests keep using the current one.</li>
 *   <li>Without a valid token the request pauses; one fetch serves every request waiting for it.</li>
 *   <li>If the fetch fails (refused, reset, timeout, non-2xx, no token in the response) waiting requests continue
 *       without a token ({@code failureMode: allow}, with the failure marker if configured) or are answered
 *       {@code failureStatus} ({@code deny}). Until the {@link FetchBackoff} pause has passed, requests without a
 *       valid token get the same at once instead of starting another fetch.</li>
 *   <li>An upstream status in {@code invalidateOnStatuses} (default 401) drops the token the request carried, so the
 *       next request fetches a new one. The request that got that status is not retried.</li>
 * </ol>
 */
public final class TokenPlugin {
    private static final String USED_TOKEN = "token-plugin.used-token";

    private TokenPlugin() {
    }

    public static Plugin<?> definition() {
        return definition(config -> {
        });
    }

    /** The plugin, with {@code parsed} called for each configuration parsed (tests inspect the token cache). */
    static Plugin<TokenConfig> definition(Consumer<TokenConfig> parsed) {
        return Plugin.builder("token-plugin")
                .parseConfig((json, plugin) -> {
                    TokenConfig config = TokenConfig.parse(json, plugin);
                    parsed.accept(config);
                    return config;
                })
                .onRequestHeaders(TokenPlugin::onRequestHeaders)
                .onResponseHeaders(TokenPlugin::onResponseHeaders)
                .build();
    }

    private static HeaderStatus onRequestHeaders(HttpContext http, TokenConfig config) {
        if (config.stripClientHeader) {
            http.removeRequestHeader(config.injectHeader);
            if (config.bodyHeader != null) {
                http.removeRequestHeader(config.bodyHeader);
            }
            if (config.failureHeader != null) {
                http.removeRequestHeader(config.failureHeader);
            }
        }
        if (config.skipRules != null && config.skipRules.matches(http.method(), http.path())) {
            return HeaderStatus.CONTINUE;
        }
        TokenCache cache = config.cache;
        long nowMillis = http.plugin().currentTimeMillis();
        // One read of the store serves the token, the refresh test and the body header (with a shared store each read
        // is a host call that copies the entry into the VM).
        TokenEntry entry = cache.validEntry(nowMillis);
        if (entry != null) {
            config.metrics.cacheHits().increment();
            inject(http, config, entry.token(), entry);
            if (nowMillis >= entry.refreshAtMillis()) {
                cache.refresh(http.plugin());
            }
            return HeaderStatus.CONTINUE;
        }
        config.metrics.cacheMisses().increment();
        TokenCache.Await outcome = cache.await(http);
        if (outcome == TokenCache.Await.WAITING) {
            return HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK;
        }
        if (outcome == TokenCache.Await.INJECTED) {
            return HeaderStatus.CONTINUE;
        }
        return applyFailurePolicy(http, config) ? HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK
                : HeaderStatus.CONTINUE;
    }

    private static HeaderStatus onResponseHeaders(HttpContext http, TokenConfig config) {
        if (config.invalidateOnStatuses.length > 0) {
            String status = http.responseHeader(":status");
            Object used = config.invalidatesOn(status) ? http.attribute(USED_TOKEN) : null;
            if (used != null) {
                config.cache.invalidate((String) used);
                http.log().info("upstream answered " + status + ": cached token dropped");
            }
        }
        return HeaderStatus.CONTINUE;
    }

    /**
     * Adds {@code token} (and, if configured, the body header) to the request. {@code read} is the stored entry the
     * token was read from, or null for a token this VM has just fetched.
     */
    static void inject(HttpContext http, TokenConfig config, String token, TokenEntry read) {
        String value = config.injectedValue(token);
        if (config.overwrite) {
            http.replaceRequestHeader(config.injectHeader, value);
        } else {
            http.addRequestHeader(config.injectHeader, value);
        }
        if (config.bodyHeader != null) {
            String body = config.cache.bodyHeaderValue(token, read);
            if (body != null) {
                http.replaceRequestHeader(config.bodyHeader, body);
            }
        }
        http.setAttribute(USED_TOKEN, token);
    }

    /** A waiting request whose token fetch failed. */
    static void onFailure(HttpContext http, TokenConfig config) {
        if (!applyFailurePolicy(http, config)) {
            http.resumeRequest();
        }
    }

    /**
     * Applies {@code failureMode} to a request that has no token because of a failure: {@code deny} answers it and
     * returns true; {@code allow} adds the failure marker, if configured, and returns false (the caller lets the
     * request go on).
     */
    private static boolean applyFailurePolicy(HttpContext http, TokenConfig config) {
        if (config.failureMode == TokenConfig.FailureMode.DENY) {
            http.sendLocalResponse(config.failureStatus, config.failureBody);
            return true;
        }
        if (config.failureHeader != null) {
            http.replaceRequestHeader(config.failureHeader, TokenConfig.FAILURE_HEADER_VALUE);
        }
        return false;
    }
}
