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
final class TokenMetrics {
    static final String CACHE_HITS = "token_cache_hits";
    static final String CACHE_MISSES = "token_cache_misses";
    static final String FETCHES = "token_fetches";
    static final String FETCH_FAILURES = "token_fetch_failures";
    static final String FETCH_MILLIS = "token_fetch_millis";

    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter fetches;
    private final Counter fetchFailures;
    private final Histogram fetchMillis;

    TokenMetrics(PluginContext plugin) {
        Metrics metrics = plugin.metrics();
        this.cacheHits = metrics.counter(CACHE_HITS);
        this.cacheMisses = metrics.counter(CACHE_MISSES);
        this.fetches = metrics.counter(FETCHES);
        this.fetchFailures = metrics.counter(FETCH_FAILURES);
        this.fetchMillis = metrics.histogram(FETCH_MILLIS);
    }

    void cacheHit() {
        cacheHits.increment();
    }

    void cacheMiss() {
        cacheMisses.increment();
    }

    void fetchSent() {
        fetches.increment();
    }

    /** A fetch sent at {@code sentMillis} ended at {@code nowMillis}, with a token or without ({@code failed}). */
    void fetchEnded(long sentMillis, long nowMillis, boolean failed) {
        fetchMillis.record(nowMillis - sentMillis);
        if (failed) {
            fetchFailures.increment();
        }
    }
}
