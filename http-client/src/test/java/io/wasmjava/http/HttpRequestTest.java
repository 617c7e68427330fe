package io.wasmjava.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wasmjava.core.Headers;
import io.wasmjava.core.InvalidHeaderException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link HttpRequest}: defaults, validation with exact messages, and immutability. */
class HttpRequestTest {

    @Test
    void defaultsToGetWithoutBodyAnd500MillisTimeout() {
        HttpRequest request = HttpRequest.newBuilder().url("/token").build();

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.url()).isEqualTo("/token");
        assertThat(request.headers()).isEqualTo(Headers.empty());
        assertThat(request.body()).isEmpty();
        assertThat(request.timeoutMillis()).isEqualTo(500).isEqualTo(HttpRequest.DEFAULT_TIMEOUT_MILLIS);
        assertThat(request).hasToString("HttpRequest{GET /token, timeoutMillis=500}");
    }

    static Stream<Arguments> badUrls() {
        return Stream.of(
                arguments("bad escape in the path", "/a%zz", "invalid URL escape \"%zz\" in \"/a%zz\""),
                arguments("escape cut short", "/a%2", "invalid URL escape \"%2\" in \"/a%2\""),
                arguments("lone percent at the end", "/a%", "invalid URL escape \"%\" in \"/a%\""),
                // Refused since HttpRequest reads URLs as Go does (more of Go's refusals: core RouteCallTargetTest).
                arguments("bad escape in the fragment (Go checks it though HttpCall drops it)", "/token#%zz",
                        "invalid URL escape \"%zz\" in \"/token#%zz\""),
                arguments("control character", "/a\nb", "invalid control character in URL: \"/a\nb\""),
                arguments("DEL character", "/a\u007fb", "invalid control character in URL: \"/a\u007fb\""),
                arguments("scheme other than http(s)", "ftp://files.example/token",
                        "unsupported URL scheme \"ftp\" in \"ftp://files.example/token\""),
                // Go's getScheme takes ASCII letters only: no scheme, so a relative URL whose first segment has a
                // colon, which Go's parse refuses.
                arguments("scheme with a letter outside ASCII", "HTTP\u00c9://files.example/token",
                        "first path segment in URL cannot contain colon in \"HTTP\u00c9://files.example/token\""),
                // Refused since HttpRequest reads URLs as Go does (getScheme).
                arguments("colon first", ":8080/token", "missing protocol scheme in \":8080/token\""),
                arguments("scheme without //", "http:/token", "absolute URL without a host: \"http:/token\""),
                arguments("empty host", "http:///token", "absolute URL without a host: \"http:///token\""),
                // Go's parseHost refuses every ASCII character outside its host set (InvalidHostError), in its words.
                arguments("space in the host", "http://auth example/token",
                        "invalid character \" \" in host name in \"http://auth example/token\""),
                arguments("escaped CR LF that would split the request line", "/a%0d%0ax-injected:%20evil",
                        "invalid URL \"/a%0d%0ax-injected:%20evil\": not a valid value for header \":path\": "
                                + "character 0x0d at index 2 (no spaces or control characters in a path)"),
                arguments("escaped NUL", "/a%00", "invalid URL \"/a%00\": not a valid value for header \":path\": "
                        + "character 0x00 at index 2 (no spaces or control characters in a path)"),
                arguments("a space, raw (Higress would send it as it is)", "/a b",
                        "invalid URL \"/a b\": not a valid value for header \":path\": character 0x20 at index 2 "
                                + "(no spaces or control characters in a path)"),
                arguments("a space, escaped (Higress decodes it into the request line)", "/a%20b",
                        "invalid URL \"/a%20b\": not a valid value for header \":path\": character 0x20 at index 2 "
                                + "(no spaces or control characters in a path)"),
                arguments("port above 65535", "http://auth.example:70000/token",
                        "invalid URL \"http://auth.example:70000/token\": value of header \":authority\" has a port "
                                + "above 65535"),
                // Go's parseHost refuses it first (validOptionalPort).
                arguments("port that is not a number", "http://auth.example:8o/token",
                        "invalid port \":8o\" after host in \"http://auth.example:8o/token\""));
    }

    static Stream<Arguments> badHeaders() {
        return Stream.of(
                arguments("CR LF in a value", "x-a", "1\r\nx-injected: evil",
                        "not a valid value for header \"x-a\": character 0x0d at index 1"),
                arguments("NUL in a value", "x-a", "1\0",
                        "not a valid value for header \"x-a\": character 0x00 at index 1"),
                arguments("space in a name", "x a", "1", "not a valid header name: \"x a\" (character 0x20 at index 1)"),
                arguments("colon in a name", "x:a", "1", "not a valid header name: \"x:a\" (character 0x3a at index 1)"),
                arguments(":status in a request", ":status", "200",
                        "not a valid header name: \":status\" (a response pseudo-header, not allowed in a request)"),
                arguments("an unknown pseudo-header", ":protocol", "websocket",
                        "not a valid header name: \":protocol\" (unknown pseudo-header)"),
                arguments("a pseudo-header in upper case (the host would lower-case it into a second one)", ":Path",
                        "/x", "not a valid header name: \":Path\" (character 0x50 at index 1; pseudo-header names are "
                                + "lower case)"),
                arguments("a :scheme that is not a scheme", ":scheme", "ht tp",
                        "not a valid value for header \":scheme\": character 0x20 at index 2 (a scheme is a letter "
                                + "followed by letters, digits, +, - or .)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
    void rejectsHeadersThatAreNotValidNamingTheHeaderButNotTheValue(String problem, String name, String value,
            String message) {
        HttpRequest.Builder builder = HttpRequest.newBuilder().url("/token").header("x-kept", "1");

        assertThatThrownBy(() -> builder.header(name, value))
                .isExactlyInstanceOf(InvalidHeaderException.class)
                .hasMessage(message);
        assertThat(builder.build().headers()).isEqualTo(Headers.of("x-kept", "1"));
    }

    @Test
    void aSecondSchemeReplacesTheFirst() {
        HttpRequest request = HttpRequest.newBuilder().url("/token").header(":scheme", "http").header("x-a", "1")
                .header(":scheme", "https").build();

        assertThat(request.headers()).isEqualTo(Headers.of("x-a", "1", ":scheme", "https"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badUrls")
    void rejectsBadUrlsWithAMessageQuotingThem(String problem, String url, String message) {
        assertThatThrownBy(() -> HttpRequest.newBuilder().url(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsANullUrl() {
        assertThatThrownBy(() -> HttpRequest.newBuilder().url(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("url must not be null");
    }

    @Test
    void requiresAUrl() {
        assertThatThrownBy(() -> HttpRequest.newBuilder().get().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("url is required");
    }

    static Stream<Arguments> badMethods() {
        return Stream.of(
                arguments("null", null, "method must not be empty"),
                arguments("empty", "", "method must not be empty"),
                arguments("space", "GE T", "method is not an HTTP token: \"GE T\""),
                arguments("separator /", "GET/", "method is not an HTTP token: \"GET/\""),
                arguments("separator :", ":GET", "method is not an HTTP token: \":GET\""),
                arguments("non-ASCII", "GÉT", "method is not an HTTP token: \"GÉT\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMethods")
    void rejectsMethodsThatAreNotHttpTokens(String problem, String method, String message) {
        assertThatThrownBy(() -> HttpRequest.newBuilder().method(method, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "timeout {0} ms")
    @MethodSource("nonPositiveTimeouts")
    void rejectsTimeoutsThatAreNotPositive(int timeoutMillis) {
        assertThatThrownBy(() -> HttpRequest.newBuilder().timeoutMillis(timeoutMillis))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeoutMillis must be positive but was " + timeoutMillis);
    }

    static Stream<Integer> nonPositiveTimeouts() {
        return Stream.of(0, -1, Integer.MIN_VALUE);
    }

    @Test
    void ignoresThePseudoHeadersTheClientDerivesButKeepsOthers() {
        HttpRequest request = HttpRequest.newBuilder().url("/token")
                .header(":method", "POST")
                .header(":path", "/elsewhere")
                .header(":authority", "evil.example")
                .header(":scheme", "https")
                .headers(Headers.of(":authority", "evil.example", "x-a", "1"))
                .build();

        assertThat(request.headers()).isEqualTo(Headers.of(":scheme", "https", "x-a", "1"));
    }

    @Test
    void copiesTheBodyInAndOut() {
        byte[] given = "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder().url("/token").post(given).build();
        given[0] = 'X';
        byte[] read = request.body();
        read[1] = 'X';

        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("grant_type=client_credentials");
    }

    @Test
    void dropsTheBodyWhenSwitchedToABodilessMethod() {
        HttpRequest request = HttpRequest.newBuilder().url("/token").post(new byte[] {1, 2}).get().build();

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.body()).isEmpty();
    }

    @Test
    void rebuildsFromAnExistingRequest() {
        HttpRequest original = HttpRequest.newBuilder().url("/token?a=1").put("x".getBytes(StandardCharsets.UTF_8))
                .header("x-a", "1").timeoutMillis(1500).build();

        HttpRequest copy = original.toBuilder().header("x-b", "2").build();

        assertThat(copy.method()).isEqualTo("PUT");
        assertThat(copy.url()).isEqualTo("/token?a=1");
        assertThat(copy.headers()).isEqualTo(Headers.of("x-a", "1", "x-b", "2"));
        assertThat(copy.body()).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        assertThat(copy.timeoutMillis()).isEqualTo(1500);
        assertThat(original.headers()).isEqualTo(Headers.of("x-a", "1"));
    }
}
