package io.wasmjava.ratelimit;

import io.wasmjava.core.Headers;

/**
 * The rate-limit headers for one verdict, in the order they are sent.
 *
 * <table>
 *   <caption>Headers by outcome</caption>
 *   <tr><th>header</th><th>allowed (response)</th><th>rejected (local reply)</th></tr>
 *   <tr><td>{@code X-RateLimit-Limit}</td><td>if {@code show_limit_quota_header}</td>
 *       <td>if {@code show_limit_quota_header}</td></tr>
 *   <tr><td>{@code X-RateLimit-Remaining}</td><td>if {@code show_limit_quota_header}</td>
 *       <td>if {@code show_limit_quota_header} ({@code 0})</td></tr>
 *   <tr><td>{@code X-RateLimit-Reset}</td><td>if {@code show_limit_quota_header}</td><td>always (as Higress)</td></tr>
 *   <tr><td>{@code Retry-After}</td><td>no</td><td>always</td></tr>
 *   <tr><td>{@code RateLimit-Policy}, {@code RateLimit}</td><td>if {@code ietf_headers}</td>
 *       <td>if {@code ietf_headers}</td></tr>
 * </table>
 *
 * <p>Reset values are the counter's TTL in seconds, at most the window's length; a TTL Redis reports as negative (no
 * expiry, or no key) is shown as the window length (see {@link LimitResult}). {@code Retry-After} is at least 1, since
 * a TTL of 0 means "within half a second". The IETF pair follows draft-ietf-httpapi-ratelimit-headers (2025): {@code RateLimit-Policy: "rule";q=limit;w=window} and
 * {@code RateLimit: "rule";r=remaining;t=reset}.
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

    /** The headers added to the upstream's response of an allowed request; empty if both header options are off. */
    static Headers allowed(RateLimitConfig config, Quota quota, LimitResult result) {
        Headers.Builder headers = new Headers.Builder();
        long reset = result.ttlSeconds();
        if (config.showLimitQuotaHeader()) {
            headers.add(LIMIT, Long.toString(result.threshold()))
                    .add(REMAINING, Long.toString(result.remaining()))
                    .add(RESET, Long.toString(reset));
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
        headers.add(RESET, Long.toString(reset)).add(RETRY_AFTER, Long.toString(Math.max(1, reset)));
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
