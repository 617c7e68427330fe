package io.wasmjava.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wasmjava.core.Headers;
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
                arguments("control character", "/a\nb", "invalid control character in URL: \"/a\nb\""),
                arguments("DEL character", "/a\u007fb", "invalid control character in URL: \"/a\u007fb\""),
                arguments("scheme other than http(s)", "ftp://files.example/token",
                        "unsupported URL scheme \"ftp\" in \"ftp://files.example/token\""),
                arguments("scheme without //", "http:/token", "absolute URL without a host: \"http:/token\""),
                arguments("empty host", "http:///token", "absolute URL without a host: \"http:///token\""),
                arguments("space in the host", "http://auth example/token",
                        "invalid character \" \" in URL host: \"http://auth example/token\""));
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
                .header(":Path", "/kept-because-case-differs")
                .headers(Headers.of(":authority", "evil.example", "x-a", "1"))
                .build();

        assertThat(request.headers()).isEqualTo(
                Headers.of(":scheme", "https", ":Path", "/kept-because-case-differs", "x-a", "1"));
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
