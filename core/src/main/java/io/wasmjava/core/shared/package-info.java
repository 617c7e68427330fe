/**
 * Data shared by every VM of a gateway process: proxy-wasm's key-value store with compare-and-set
 * ({@link io.wasmjava.core.shared.SharedData}) and the lease-based leader election Higress builds on it
 * ({@link io.wasmjava.core.shared.LeaderElection}).
 */
package io.wasmjava.core.shared;
