package io.wasmjava.token;

import io.wasmjava.core.PluginContext;
import io.wasmjava.core.metrics.Counter;
import io.wasmjava.core.metrics.Histogram;
import io.wasmjava.core.metrics.Metrics;

/**
 * The token plugin's metrics, defined once per VM when a configuration is parsed (the VM's {@link Metrics} cache
 * returns the same ones to later configurations). Envoy shows each as {@code wasmcustom.<name>}, Prometheus as
 * {@code <name>}, summed over all worker VMs:
 *
 * <ul>
 *   <li>{@value #CACHE_HITS}: requests that found a valid token in the cache;</li>
 *   <li>{@value #CACHE_MISSES}: requests that found none, so waited for a fetch (or got the failure policy);</li>
 *   <li>{@value #FETCHES}: token fetches sent (on a miss, or a refresh ahead of expiry);</li>
 *   <li>{@value #FETCH_FAILURES}: fetches that gave no token (refused, reset, timeout, non-2xx, no token in it);</li>
 *   <li>{@value #FETCH_MILLIS}: histogram of the time from sending a fetch to its outcome, in milliseconds.</li>
 * </ul>
 */
record TokenMetrics(Counter cacheHits, Counter cacheMisses, Counter fetches, Counter fetchFailures,
        Histogram fetchMillis) {
    static final String CACHE_HITS = "token_cache_hits";
    static final String CACHE_MISSES = "token_cache_misses";
    static final String FETCHES = "token_fetches";
    static final String FETCH_FAILURES = "token_fetch_failures";
    static final String FETCH_MILLIS = "token_fetch_millis";

    /** Defines the metrics in {@code plugin}'s VM, or finds them there for a later configuration. */
    static TokenMetrics of(PluginContext plugin) {
        Metrics metrics = plugin.metrics();
        return new TokenMetrics(metrics.counter(CACHE_HITS), metrics.counter(CACHE_MISSES), metrics.counter(FETCHES),
                metrics.counter(FETCH_FAILURES), metrics.histogram(FETCH_MILLIS));
    }

    /** A fetch sent at {@code sentMillis} ended at {@code nowMillis}, with a token or without ({@code failed}). */
    void fetchEnded(long sentMillis, long nowMillis, boolean failed) {
        fetchMillis.record(nowMillis - sentMillis);
        if (failed) {
            fetchFailures.increment();
        }
    }
}
