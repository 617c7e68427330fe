/**
 * A reference plugin: fetches a token from an HTTP service, caches it, and injects it into every request. Copy the
 * pattern (one shared fetch, waiting requests paused, explicit failure policy) for your own external-call plugins.
 */
package io.wasmjava.token;
