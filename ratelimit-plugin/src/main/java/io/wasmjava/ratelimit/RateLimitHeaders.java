package io.wasmjava.ratelimit;

import io.wasmjava.core.Headers;

/**
 * The rate-limit headers for one verdict, in the order they are sent. By default they are Higress's
 * (main.go:158-168 and 291-300): its names (lower case here, as Envoy sends every header name), its values, its
 * order (sorted by name, utils.go:35-46). Three additions are switched on one by one.
 *
 * <table>
 *   <caption>Headers by outcome</caption>
 *   <tr><th>header</th><th>allowed (response)</th><th>rejected (local reply)</th></tr>
 *   <tr><td>{@code X-RateLimit-Limit}</td><td>if {@code show_limit_quota_header}</td>
 *       <td>if {@code show_limit_quota_header}</td></tr>
 *   <tr><td>{@code X-RateLimit-Remaining}</td><td>if {@code show_limit_quota_header}</td>
 *       <td>if {@code show_limit_quota_header} ({@code 0})</td></tr>
 *   <tr><td>{@code X-RateLimit-Reset}</td><td>if {@code reset_header_on_allowed} (addition)</td>
 *       <td>always</td></tr>
 *   <tr><td>{@code Retry-After}</td><td>no</td><td>if {@code retry_after_header} (addition)</td></tr>
 *   <tr><td>{@code RateLimit-Policy}, {@code RateLimit}</td><td>if {@code ietf_headers} (addition)</td>
 *       <td>if {@code ietf_headers} (addition)</td></tr>
 * </table>
 *
 * <p>Reset values are the counter's TTL in seconds as the script reports it, as Higress prints it, but at most the
 * window's length: a TTL Redis reports as negative (no expiry, or no key) is shown as the window length (see
 * {@link LimitResult}), where Higress would print {@code -1}. {@code Retry-After} is at least 1, since a TTL of 0
 * means "within half a second". The IETF pair follows draft-ietf-httpapi-ratelimit-headers (2025):
 * {@code RateLimit-Policy: "rule";q=limit;w=window} and {@code RateLimit: "rule";r=remaining;t=reset}.
 */
final class RateLimitHeaders {
    // Lower case, as Envoy stores and sends every header name (HTTP/2 requires it).
    static final String LIMIT = "x-ratelimit-limit";
    static final String REMAINING = "x-ratelimit-remaining";
    static final String RESET = "x-ratelimit-reset";
    static final String RETRY_AFTER = "retry-after";
    static final String POLICY = "ratelimit-policy";
    static final String RATE_LIMIT = "ratelimit";

    private RateLimitHeaders() {
    }

    /** True if {@code config} adds any header to allowed responses. */
    static boolean anyOnAllowed(RateLimitConfig config) {
        return config.showLimitQuotaHeader() || config.resetHeaderOnAllowed() || config.ietfHeaders();
    }

    /** The headers added to the upstream's response of an allowed request; empty if no header option is on. */
    static Headers allowed(RateLimitConfig config, Quota quota, LimitResult result) {
        Headers.Builder headers = new Headers.Builder();
        long reset = result.ttlSeconds();
        if (config.showLimitQuotaHeader()) {
            headers.add(LIMIT, Long.toString(result.threshold())).add(REMAINING, Long.toString(result.remaining()));
        }
        if (config.resetHeaderOnAllowed()) {
            headers.add(RESET, Long.toString(reset));
        }
        addIetf(headers, config, quota, result, reset);
        return headers.build();
    }

    /** The headers of the local reply that rejects a request. */
    static Headers rejected(RateLimitConfig config, Quota quota, LimitResult result) {
        Headers.Builder headers = new Headers.Builder();
        long reset = result.ttlSeconds();
        if (config.showLimitQuotaHeader()) {
            headers.add(LIMIT, Long.toString(result.threshold())).add(REMAINING, "0");
        }
        headers.add(RESET, Long.toString(reset));
        if (config.retryAfterHeader()) {
            headers.add(RETRY_AFTER, Long.toString(Math.max(1, reset)));
        }
        addIetf(headers, config, quota, result, reset);
        return headers.build();
    }

    private static void addIetf(Headers.Builder headers, RateLimitConfig config, Quota quota, LimitResult result,
            long reset) {
        if (!config.ietfHeaders()) {
            return;
        }
        headers.add(POLICY, config.policyName() + ";q=" + result.threshold() + ";w=" + quota.windowSeconds())
                .add(RATE_LIMIT, config.policyName() + ";r=" + result.remaining() + ";t=" + reset);
    }
}
