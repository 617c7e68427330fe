package io.wasmjava.ratelimit;

import io.wasmjava.core.PluginContext;
import io.wasmjava.core.metrics.Counter;
import io.wasmjava.core.metrics.Gauge;
import io.wasmjava.core.metrics.Metrics;

/**
 * The rate limiter's metrics, defined once per VM when a configuration is parsed (the VM's {@link Metrics} cache
 * returns the same ones to later configurations). Envoy shows each as {@code wasmcustom.<name>}, Prometheus as
 * {@code <name>}, summed over all worker VMs:
 *
 * <ul>
 *   <li>{@value #ALLOWED}: requests Redis counted within their limit;</li>
 *   <li>{@value #REJECTED}: requests over their limit, answered {@code rejected_code};</li>
 *   <li>{@value #REDIS_FAILURES}: checks Redis did not decide (no answer, an error reply, a reply of the wrong shape,
 *       an init that failed again); each then got the failure policy;</li>
 *   <li>{@value #BREAKER_SKIPS}: requests that did not call Redis because the circuit breaker was open (failure
 *       policy too);</li>
 *   <li>{@value #BREAKER_OPEN} (gauge): how many circuit breakers are open or half open now, over all VMs (each VM
 *       has one per configuration): 0 while Redis is healthy. Each breaker adds 1 when it opens and takes it back
 *       when it closes (one Envoy gauge serves all VMs), so one dropped while open (configuration replaced, VM
 *       rebuilt) leaves its 1 until the process restarts.</li>
 * </ul>
 */
record RateLimitMetrics(Counter allowed, Counter rejected, Counter redisFailures, Counter breakerSkips,
        Gauge breakerOpen) {
    static final String ALLOWED = "ratelimit_allowed";
    static final String REJECTED = "ratelimit_rejected";
    static final String REDIS_FAILURES = "ratelimit_redis_failures";
    static final String BREAKER_SKIPS = "ratelimit_breaker_skips";
    static final String BREAKER_OPEN = "ratelimit_breaker_open";

    /** Defines the metrics in {@code plugin}'s VM, or finds them there for a later configuration. */
    static RateLimitMetrics of(PluginContext plugin) {
        Metrics metrics = plugin.metrics();
        return new RateLimitMetrics(metrics.counter(ALLOWED), metrics.counter(REJECTED),
                metrics.counter(REDIS_FAILURES), metrics.counter(BREAKER_SKIPS), metrics.gauge(BREAKER_OPEN));
    }

    /** Follows the breaker: +1 when it opens, -1 when it closes (a re-open after a failed probe changes nothing). */
    void breakerTransition(CircuitBreaker.Transition transition) {
        if (transition == CircuitBreaker.Transition.OPENED) {
            breakerOpen.add(1);
        } else if (transition == CircuitBreaker.Transition.CLOSED) {
            breakerOpen.add(-1);
        }
    }
}
