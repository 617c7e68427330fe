/**
 * A reference plugin: Redis-backed fixed-window rate limiting, configuration-compatible with Higress
 * {@code cluster-key-rate-limit}, with strict validation, an explicit failure policy, a circuit breaker and standard
 * rate-limit headers. Copy its patterns (one atomic script per request via EVALSHA with a NOSCRIPT fallback, typed
 * Redis failures mapped to a policy) for your own Redis plugins.
 */
package io.wasmjava.ratelimit;
