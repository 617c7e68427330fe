/** The request benchmark: drives any compiled plugin through the test kit's Chicory host and reports latency. */
package io.wasmjava.bench.harness;
