package io.wasmjava.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GoUrl}: every field, as Go's {@code url.Parse} sets {@code Scheme}, {@code Host}, {@code Path},
 * {@code EscapedPath()}, {@code RawQuery} and {@code Fragment} (golang/go {@code src/net/url/url.go}). Go's refusals,
 * with a caller's wording: {@code RouteCallTargetTest}, and http-client's {@code HttpRequestTest}.
 */
class GoUrlTest {
    static Stream<Arguments> urls() {
        return Stream.of(
                // getScheme lower-cases the scheme; parseAuthority drops the user info.
                arguments("HTTP://u:p@Host:8080/a%2Fb?q=%20#f%20g",
                        new GoUrl("http", "Host:8080", "/a/b", "/a%2Fb", "q=%20", "f g")),
                // EscapedPath: the decoded path escaped again when the raw one is not valid as written.
                arguments("/caf\u00e9 x", new GoUrl("", "", "/caf\u00e9 x", "/caf%C3%A9%20x", "", "")),
                // An opaque URL keeps no path.
                arguments("mailto:someone?x#y", new GoUrl("mailto", "", "", "", "x", "y")),
                // Without a scheme, /// starts a path, // an authority.
                arguments("///p", new GoUrl("", "", "///p", "///p", "", "")),
                arguments("//h/p", new GoUrl("", "h", "/p", "/p", "", "")),
                // parseHost: %25 starts an IPv6 zone and is decoded.
                arguments("http://[fe80::1%25en0]:80/", new GoUrl("http", "[fe80::1%en0]:80", "/", "/", "", "")),
                // A digit cannot start a scheme, and the query starts at the first ?.
                arguments("1a/b?c?d", new GoUrl("", "", "1a/b", "1a/b", "c?d", "")));
    }

    @ParameterizedTest
    @MethodSource("urls")
    void readsEachFieldAsGoDoes(String url, GoUrl expected) {
        assertThat(GoUrl.parse(url)).isEqualTo(expected);
    }
}
