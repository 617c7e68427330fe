package io.wasmjava.ratelimit;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Plugin;

/**
 * Redis-backed rate limiting, configuration-compatible with Higress {@code cluster-key-rate-limit}.
 *
 * <ol>
 *   <li>Request headers: find the request's {@link Limit} (the global threshold, or the first rule item whose key
 *       matches). No limit: continue at once.</li>
 *   <li>Otherwise pause the request and run {@link FixedWindowScript} in Redis: one round trip, one key.</li>
 *   <li>Over the limit: answer {@code rejected_code} with {@code rejected_msg} and the reset headers. Within it:
 *       resume, and add the quota headers to the upstream's response if configured.</li>
 *   <li>Redis unreachable, failing or answering nonsense, or the circuit breaker open: continue
 *       ({@code failure_mode: allow}, the default) or answer {@code failure_status} ({@code deny}).</li>
 * </ol>
 *
 * <p>Per-route and per-domain rules ({@code _rules_}) are handled by the SDK: each rule is a full configuration with
 * its own Redis client and circuit breaker.
 */
public final class RateLimitPlugin {
    /** The plugin name, the same as Higress's so log searches keep working. */
    public static final String NAME = "cluster-key-rate-limit";

    private RateLimitPlugin() {
    }

    /** The plugin definition to run. */
    public static Plugin<?> definition() {
        return Plugin.builder(NAME)
                .parseConfig(RateLimitConfig::parse)
                .onRequestHeaders(RateLimitPlugin::onRequestHeaders)
                .onResponseHeaders(RateLimitPlugin::onResponseHeaders)
                .build();
    }

    private static HeaderStatus onRequestHeaders(HttpContext http, RateLimitConfig config) {
        // The plugin changes no request headers, so the route chosen before it must stand (as Higress).
        http.disableReroute();
        Limit limit = config.limitFor(http);
        if (limit == null) {
            return HeaderStatus.CONTINUE;
        }
        return new LimitCheck(http, config, limit).start();
    }

    private static HeaderStatus onResponseHeaders(HttpContext http, RateLimitConfig config) {
        Object allowed = http.attribute(LimitCheck.ALLOWED);
        if (allowed instanceof LimitCheck) {
            Headers headers = ((LimitCheck) allowed).allowedHeaders();
            for (int i = 0; i < headers.size(); i++) {
                http.replaceResponseHeader(headers.name(i), headers.value(i));
            }
        }
        return HeaderStatus.CONTINUE;
    }
}
