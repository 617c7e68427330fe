package io.wasmjava.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Sha1} against published vectors and the JDK. */
class Sha1Test {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty string     | ''                                                       | da39a3ee5e6b4b0d3255bfef95601890afd80709
            abc (FIPS 180)   | abc                                                      | a9993e364706816aba3e25717850c26c9cd0d89d
            448-bit message  | abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq | 84983e441c3bd26ebaae4aa1f95129e5e54670f1
            pangram          | The quick brown fox jumps over the lazy dog              | 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12
            """)
    void hashesPublishedVectors(String name, String message, String expected) {
        assertThat(Sha1.hex(message)).isEqualTo(expected);
    }

    @Test
    void hashesAMillionAs() {
        assertThat(Sha1.hex("a".repeat(1_000_000))).isEqualTo("34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    }

    static Stream<Arguments> lengthsAroundBlockBoundaries() {
        return IntStream.of(1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000)
                .mapToObj(length -> Arguments.of(length));
    }

    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("lengthsAroundBlockBoundaries")
    void agreesWithTheJdkAroundPaddingBoundaries(int length) throws Exception {
        byte[] message = new byte[length];
        for (int i = 0; i < length; i++) {
            message[i] = (byte) (i * 31 + 7);
        }

        assertThat(Sha1.digest(message)).isEqualTo(MessageDigest.getInstance("SHA-1").digest(message));
    }

    @Test
    void hashesTextAsUtf8() throws Exception {
        String text = "限流 ✓";

        assertThat(Sha1.hex(text)).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aScriptsShaIsTheJdkShaOfItsText() throws Exception {
        RedisScript script = RedisScript.of("test", "return 1");

        assertThat(script.sha1()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-1").digest("return 1".getBytes(StandardCharsets.UTF_8))));
    }
}
