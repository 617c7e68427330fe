/** A plugin that drives the shared-data API and leader election, for the scenarios run in both test-kit modes. */
package io.wasmjava.interop.shared;
