/** JMH micro-benchmarks that run on the JVM only (not compiled to Wasm): RESP decoding against Jedis. */
package io.wasmjava.bench.jmh;
