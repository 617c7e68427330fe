package io.wasmjava.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link RequestValue#goDecode}: bytes as a Go {@code regexp} sees them, each byte of an invalid UTF-8 sequence one
 * U+FFFD (Go's unicode/utf8 DecodeRune returns width 1 on an error), where Java's decoder replaces a maximal invalid
 * subpart once.
 */
class RequestValueTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            616263           | 0061 0062 0063
            c3a9             | 00e9
            e282ac           | 20ac
            f09f9880         | 1f600
            ff               | fffd
            e28241           | fffd fffd 0041
            c0af             | fffd fffd
            e08080           | fffd fffd fffd
            eda080           | fffd fffd fffd
            f4908080         | fffd fffd fffd fffd
            f0808080         | fffd fffd fffd fffd
            80               | fffd
            c3               | fffd
            efbfbd           | fffd
            """)
    void decodesAsGo(String hex, String codePoints) {
        String decoded = RequestValue.goDecode(HexFormat.of().parseHex(hex));

        StringBuilder actual = new StringBuilder();
        decoded.codePoints().forEach(cp -> actual.append(actual.length() == 0 ? "" : " ")
                .append(String.format("%04x", cp)));
        assertThat(actual.toString()).isEqualTo(codePoints);
    }
}
