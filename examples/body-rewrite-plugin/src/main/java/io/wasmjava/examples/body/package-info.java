/** Example plugin: rewrites buffered request bodies, within the SDK's body limits. */
package io.wasmjava.examples.body;
