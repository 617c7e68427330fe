/**
 * Linear-time regular expressions with Go's {@code regexp} (RE2) syntax and semantics, for plugins compiled to
 * WebAssembly: {@link io.wasmjava.regex.Regex} compiles and matches, {@link io.wasmjava.regex.Match} reports
 * positions and groups, {@link io.wasmjava.regex.RegexSyntaxException} carries Go's error for a rejected pattern.
 * Depends on the JDK only. Everything is non-null unless a method says otherwise.
 */
package io.wasmjava.regex;
