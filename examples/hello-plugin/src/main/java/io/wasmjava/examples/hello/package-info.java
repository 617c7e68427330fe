/** The smallest useful plugin: Higress's {@code my-plugin} example in Java. */
package io.wasmjava.examples.hello;
