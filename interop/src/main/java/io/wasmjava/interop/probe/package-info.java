/**
 * A probe plugin that exercises Java semantics inside the compiled module; the request header {@code x-probe} picks
 * the probe and the plugin answers with what happened.
 */
package io.wasmjava.interop.probe;
