/**
 * Plugin configuration: a small strict JSON reader ({@link io.wasmjava.core.config.Json}) producing immutable trees
 * ({@link io.wasmjava.core.config.JsonValue}), and the typed, path-aware view plugins read them through
 * ({@link io.wasmjava.core.config.ConfigNode}).
 *
 * <p>Two kinds of failure are kept apart, as in Moshi: <em>malformed</em> input (not JSON at all) throws
 * {@link io.wasmjava.core.config.JsonSyntaxException} with a line, column and offset; JSON of the <em>wrong shape</em>
 * (a number where a string is required, a missing key, a port out of range) throws
 * {@link io.wasmjava.core.config.ConfigException} whose message starts with the path of the offending value, e.g.
 * {@code rule_items[2].limit_keys[0].key: expected string but was number}. Both are unchecked, and the first is a
 * subtype of the second, so a plugin that only reports "bad configuration" catches one type.
 *
 * <p>Everything here compiles under TeaVM: no reflection, threads or regular expressions, and no recursion, so no
 * input can cause a {@link StackOverflowError}.
 *
 * <p>Parameters and return values are non-null unless a method's Javadoc says otherwise.
 */
package io.wasmjava.core.config;
