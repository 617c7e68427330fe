package io.wasmjava.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code :path} and {@code :authority} of a route call, as Higress's {@code RouteCall} derives them with Go's
 * {@code url.Parse} and {@code EscapedPath} (vectors: shared docs proxy-wasm-state.md §4.4, plus Go's escaping rules).
 */
class RouteCallTargetTest {
    static Stream<Arguments> targets() {
        return Stream.of(
                arguments("http://backend.svc:8080/v1/x?y=1#f", "backend.svc:8080", "/v1/x?y=1#f"),
                arguments("/only/path", "", "/only/path"),
                arguments("relative", "", "/relative"),
                arguments("http://h", "h", "/"),
                arguments("http://h/a b", "h", "/a%20b"),
                arguments("http://h/a%20b", "h", "/a%20b"),
                arguments("http://h/a%2Fb", "h", "/a%2Fb"),
                arguments("http://h/caf\u00e9", "h", "/caf%C3%A9"),
                arguments("http://h/a b%21", "h", "/a%20b%21"),
                arguments("http://h/x#a%20b", "h", "/x#a b"),
                arguments("http://user:pw@h:81/p", "h:81", "/p"),
                arguments("http://[::1]:8080/p", "[::1]:8080", "/p"),
                arguments("//h2/p?q", "h2", "/p?q"),
                arguments("///p", "", "///p"),
                arguments("mailto:someone", "", "/"),
                arguments("?only=query", "", "/?only=query"),
                // Go's parseHost decodes an escaped non-ASCII byte in the host (unescape, encodeHost).
                arguments("http://caf%C3%A9.example/p", "caf\u00e9.example", "/p"));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void derivesPathAndAuthority(String url, String authority, String path) {
        assertThat(RouteCallTarget.of(url)).isEqualTo(new RouteCallTarget(authority, path));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments("http://[::1", "route call URL \"http://[::1\": missing ']' in host"),
                arguments("http://h:8x/p", "route call URL \"http://h:8x/p\": invalid port \":8x\" after host"),
                arguments("http://a b/p", "route call URL \"http://a b/p\": invalid character \" \" in host name"),
                arguments("http://h/%zz", "route call URL \"http://h/%zz\": invalid URL escape \"%zz\""),
                arguments(":8080/p", "route call URL \":8080/p\": missing protocol scheme"),
                arguments("1a:b/c", "route call URL \"1a:b/c\": first path segment in URL cannot contain colon"),
                arguments("http://h/p#%4", "route call URL \"http://h/p#%4\": invalid URL escape \"%4\""),
                // Go's parseHost: only ASCII characters of shouldEscape's host set, and escapes of non-ASCII bytes.
                arguments("http://a|b/p", "route call URL \"http://a|b/p\": invalid character \"|\" in host name"),
                arguments("http://a%41/p", "route call URL \"http://a%41/p\": invalid URL escape \"%41\""),
                // Go's parseAuthority checks the user info (validUserinfo, then unescape) though it is not kept.
                arguments("http://a b@h/p", "route call URL \"http://a b@h/p\": net/url: invalid userinfo"),
                arguments("http://u:%4@h/p", "route call URL \"http://u:%4@h/p\": invalid URL escape \"%4\""),
                // Go's Parse reads the path before the fragment, so the path's error is the one reported.
                arguments("http://h/%zz#%4", "route call URL \"http://h/%zz#%4\": invalid URL escape \"%zz\""));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void refusesWhatGoRefuses(String url, String message) {
        assertThatThrownBy(() -> RouteCallTarget.of(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void keepsAControlCharacterOutOfTheMessage() {
        assertThatThrownBy(() -> RouteCallTarget.of("http://h/a\nb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route call URL: invalid control character at index 10");
    }
}
