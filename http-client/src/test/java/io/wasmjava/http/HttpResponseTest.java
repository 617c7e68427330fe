package io.wasmjava.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link HttpResponse}: success is 2xx only; nothing secret in its string form; equal by content. */
class HttpResponseTest {

    @ParameterizedTest(name = "{0} is successful: {1}")
    @CsvSource({"100, false", "199, false", "200, true", "204, true", "299, true", "300, false", "401, false",
            "502, false"})
    void isSuccessfulFor2xxOnly(int status, boolean successful) {
        HttpResponse response = new HttpResponse(status, Headers.of(":status", Integer.toString(status)), new byte[0]);

        assertThat(response.isSuccessful()).isEqualTo(successful);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'{\"access_token\":\"secret\"}'"})
    void leavesHeaderValuesAndBodyOutOfItsStringForm(String body) {
        HttpResponse response = new HttpResponse(200, Headers.of(":status", "200", "x-token", "secret"),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(response).hasToString("HttpResponse{status=200, bodyBytes=" + body.length() + "}");
    }

    @Test
    void equalsComparesStatusHeadersAndBodyBytes() {
        HttpResponse response = new HttpResponse(200, Headers.of(":status", "200"), new byte[] {'o', 'k'});

        assertThat(response).isEqualTo(new HttpResponse(200, Headers.of(":status", "200"), new byte[] {'o', 'k'}))
                .hasSameHashCodeAs(new HttpResponse(200, Headers.of(":status", "200"), new byte[] {'o', 'k'}))
                .isNotEqualTo(new HttpResponse(200, Headers.of(":status", "200"), new byte[] {'o', 'K'}))
                .isNotEqualTo(new HttpResponse(201, Headers.of(":status", "200"), new byte[] {'o', 'k'}))
                .isNotEqualTo(new HttpResponse(200, Headers.of(":status", "201"), new byte[] {'o', 'k'}));
    }
}
