package io.wasmjava.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @ParameterizedTest
    @ValueSource(strings = {"", "x-request-id", "bearer abc.DEF_123", "\u0000\u007f", "caf\u00e9", "\u4e2d\u6587",
        "emoji \ud83d\ude00", "lone surrogate \ud800 here", "mixed ascii then \u00fc"})
    void encodesAndDecodesExactlyLikeTheJdk(String text) {
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);

        assertThat(Utf8.encode(text)).isEqualTo(expected);
        assertThat(Utf8.decode(expected)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }

    @Test
    void decodesARangeOfAnArray() {
        byte[] bytes = "..hello..".getBytes(StandardCharsets.US_ASCII);

        assertThat(Utf8.decode(bytes, 2, 5)).isEqualTo("hello");
        assertThat(Utf8.decode(bytes, 9, 0)).isEmpty();
    }

    @Test
    void decodesMalformedBytesWithTheJdkReplacements() {
        Random random = new Random(3);
        for (int i = 0; i < 5000; i++) {
            byte[] bytes = new byte[random.nextInt(12)];
            random.nextBytes(bytes);
            int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int length = bytes.length - offset;

            assertThat(Utf8.decode(bytes, offset, length))
                    .isEqualTo(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsAsciiHexDigitsOnlyForEveryCharAndEverySignedByte() {
        for (int c = Byte.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
            int expected = c >= 0 && c < 128 ? Character.digit(c, 16) : -1;

            assertThat(Utf8.hexDigitValue(c)).as("character %d", c).isEqualTo(expected);
        }
    }

    @Test
    void lowerCasesAsciiLettersOnlyForEveryChar() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String text = "x" + (char) c + "Y";
            String expected = "x" + (char) (c >= 'A' && c <= 'Z' ? c + 32 : c) + "y";

            assertThat(Utf8.lowerAscii(text)).as("character %d", c).isEqualTo(expected);
        }
    }

    @Test
    void lowerAsciiReturnsTheSameStringWhenNothingChanges() {
        String text = "x-request-id \u00c4\u0130";

        assertThat(Utf8.lowerAscii(text)).isSameAs(text);
        assertThat(Utf8.lowerAscii("")).isSameAs("");
    }
}
