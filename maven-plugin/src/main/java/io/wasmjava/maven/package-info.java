/**
 * Build-time checks that a TeaVM-produced WebAssembly module imports only what proxy-wasm hosts provide and exports
 * what they call; all parameters and return values are non-null unless documented otherwise.
 */
package io.wasmjava.maven;
