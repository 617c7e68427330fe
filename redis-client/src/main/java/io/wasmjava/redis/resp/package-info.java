/**
 * The RESP2 wire codec used by the Redis client: immutable reply values ({@link io.wasmjava.redis.resp.RespValue}
 * and one final class per RESP type), an encoder for values and commands ({@link io.wasmjava.redis.resp.RespEncoder})
 * and an incremental, bounded decoder ({@link io.wasmjava.redis.resp.RespDecoder}).
 *
 * <p>This package imports nothing but {@code java.*} and compiles under TeaVM. Parameters and return values are
 * non-null unless a method documents otherwise.
 */
package io.wasmjava.redis.resp;
