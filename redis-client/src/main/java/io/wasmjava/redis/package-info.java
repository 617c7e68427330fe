/**
 * Asynchronous Redis commands from a plugin over Higress's {@code proxy_redis_init}/{@code proxy_redis_call}. Every
 * call has two outcomes: a reply, or a failure typed by who failed (the server, the host, the bytes).
 */
package io.wasmjava.redis;
