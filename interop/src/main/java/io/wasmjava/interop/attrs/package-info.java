/**
 * A plugin that uses the request-property, user-attribute, foreign-function, VM-lifecycle and log-template APIs,
 * driven by request headers, so that one scenario suite covers them in both test-kit modes (JVM and the compiled
 * module).
 */
package io.wasmjava.interop.attrs;
