package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@link Http1Codec} on literal request bytes (\n and \r written out). */
class Http1CodecTest {
    private static byte[] bytes(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Http1Codec.Head parse(String head) throws Http1Codec.ProtocolError {
        byte[] data = bytes(head);
        return Http1Codec.parseHead(data, 0, data.length, GatewayConfig.Limits.DEFAULTS);
    }

    @ParameterizedTest(name = "{0} ends at {1}")
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 27",
        "GET / HTTP/1.1\\nHost: a\\n\\n          | 24",
        "GET / HTTP/1.1\\nHost: a\\n\\r\\n        | 25",
        "GET / HTTP/1.1\\r\\nHost: a\\r\\n        | -1",
        "GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r     | -1"})
    void findsTheEndOfTheHeadWithCrlfOrBareLf(String head, int end) {
        byte[] data = bytes(head.trim());
        assertThat(Http1Codec.endOfHead(data, 0, data.length)).isEqualTo(end);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "GET /v HTTP/1.10\\r\\n\\r\\n     | 400 | HPE_INVALID_VERSION",
        "GET /v http/1.1\\r\\n\\r\\n      | 400 | HPE_INVALID_VERSION",
        "BREW /v HTTP/1.1\\r\\n\\r\\n     | 400 | HPE_INVALID_METHOD",
        "GET /a b HTTP/1.1\\r\\n\\r\\n    | 400 | malformed request line",
        "GET /\u00e9 HTTP/1.1\\r\\n\\r\\n | 400 | HPE_INVALID_URL",
        "GET / HTTP/1.1\\r\\nA B: 1\\r\\n\\r\\n | 400 | HPE_INVALID_HEADER_TOKEN",
        "GET / HTTP/1.1\\r\\nNoColon\\r\\n\\r\\n | 400 | header line without a colon",
        "GET / HTTP/1.1\\r\\nA: x\u0001y\\r\\n\\r\\n | 400 | header value contains invalid chars",
        "GET / HTTP/1.1\\rA: 1\\r\\n\\r\\n | 400 | CR not followed by LF"})
    void refusesWhatEnvoysCodecRefuses(String head, int status, String detail) {
        assertThatThrownBy(() -> parse(head.trim()))
                .isInstanceOfSatisfying(Http1Codec.ProtocolError.class, error -> {
                    assertThat(error.status).isEqualTo(status);
                    assertThat(error.body).isEqualTo("Bad Request");
                })
                .hasMessage(detail);
    }

    @Test
    void continuationLineJoinsThePreviousValue() throws Http1Codec.ProtocolError {
        Http1Codec.Head head = parse("GET / HTTP/1.1\\r\\nHost: a\\r\\nX-Long: one\\r\\n\ttwo\\r\\n\\r\\n");

        assertThat(head.header("x-long")).isEqualTo("one\ttwo");
        assertThat(head.http11()).isTrue();
    }

    @Test
    void versionOtherThanHttp11IsHttp10ToEnvoy() throws Http1Codec.ProtocolError {
        assertThat(parse("GET / HTTP/9.9\\r\\n\\r\\n").http11()).isFalse();
        assertThat(parse("GET /\\r\\n\\r\\n").http11()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Content-Length: 3\\r\\nTransfer-Encoding: chunked | 400",
        "Transfer-Encoding: gzip                        | 501",
        "Content-Length: 3\\r\\nContent-Length: 3       | 400",
        "Content-Length: -1                             | 400",
        "Content-Length: 0x10                           | 400"})
    void refusesAmbiguousFraming(String headers, int status) {
        assertThatThrownBy(() -> Http1Codec.framing(parse("POST / HTTP/1.1\\r\\n" + headers.trim() + "\\r\\n\\r\\n")))
                .isInstanceOfSatisfying(Http1Codec.ProtocolError.class,
                        error -> assertThat(error.status).isEqualTo(status));
    }

    @Test
    void absoluteTargetsAndAsteriskAreValid() {
        assertThat(Http1Codec.isTargetValid("http://example.com:8080/a?b=c", false)).isTrue();
        assertThat(Http1Codec.isTargetValid("*", false)).isTrue();
        assertThat(Http1Codec.isTargetValid("example.com:443", true)).isTrue();
        assertThat(Http1Codec.isTargetValid("example.com/a", false)).isFalse();
        assertThat(Http1Codec.isTargetValid("http://a@@b/", false)).isFalse();
    }
}
