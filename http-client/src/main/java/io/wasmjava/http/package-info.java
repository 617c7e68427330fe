/**
 * Asynchronous HTTP calls from a plugin to an Envoy cluster over {@code proxy_http_call}: immutable requests and
 * responses, and callbacks with exactly two outcomes, a response (any status) or a failure.
 */
package io.wasmjava.http;
