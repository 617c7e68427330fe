/**
 * A reference plugin: Redis-backed fixed-window rate limiting, a drop-in for Higress {@code cluster-key-rate-limit}
 * (its configurations read as Higress reads them, its Redis keys, its headers), with an explicit failure policy, a
 * circuit breaker and optional standard rate-limit headers. Copy its patterns (one atomic script per request via
 * EVALSHA with a NOSCRIPT fallback, typed Redis failures mapped to a policy) for your own Redis plugins.
 */
package io.wasmjava.ratelimit;
