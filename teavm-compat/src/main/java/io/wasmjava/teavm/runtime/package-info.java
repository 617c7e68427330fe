/**
 * Runtime support compiled into every plugin module: the targets of the compat plugin's rewrites. Not an API for
 * plugin code.
 */
package io.wasmjava.teavm.runtime;
