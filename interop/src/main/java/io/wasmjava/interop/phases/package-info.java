/**
 * A plugin that uses every method of the SDK's plugin API, driven by the request's {@code x-do} header, so that one
 * scenario suite covers each phase in both test-kit modes (JVM and the compiled module).
 */
package io.wasmjava.interop.phases;
