/**
 * An example plugin that chains three callouts (HTTP token, Redis quota, HTTP backend) before letting a request
 * through, written twice: with {@link io.wasmjava.core.Promise} chains and with nested callbacks.
 */
package io.wasmjava.examples.chain;
