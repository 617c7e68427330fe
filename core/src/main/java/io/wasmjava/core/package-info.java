/**
 * The plugin-facing API: plugin definitions, per-request and per-plugin contexts, headers, logging. Everything is
 * non-null unless a method says otherwise.
 */
package io.wasmjava.core;
