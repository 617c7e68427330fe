package io.wasmjava.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /**
     * One byte of each class the decoder tells apart: ASCII, each end of the continuation ranges that the second byte
     * of E0, ED, F0 and F4 allow, the leads that are never valid (C0, C1, F5..FF), and each end of the valid leads.
     */
    private static final int[] BYTE_CLASSES = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
        0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFB, 0xFC, 0xFF};

    @Test
    void decodesEveryArrayOfOneAndTwoBytesLikeTheJdk() {
        for (int first = 0; first < 256; first++) {
            assertDecodesLikeTheJdk(new byte[] {(byte) first});
            for (int second = 0; second < 256; second++) {
                assertDecodesLikeTheJdk(new byte[] {(byte) first, (byte) second});
            }
        }
    }

    @Test
    void decodesEveryLeadFollowedByEverySecondByteAndEachThirdByteClassLikeTheJdk() {
        for (int lead = 0xC0; lead < 256; lead++) {
            for (int second = 0; second < 256; second++) {
                for (int third : BYTE_CLASSES) {
                    assertDecodesLikeTheJdk(new byte[] {(byte) lead, (byte) second, (byte) third});
                }
            }
        }
    }

    @Test
    void decodesEveryArrayOfUpToFourByteClassesLikeTheJdk() {
        int classes = BYTE_CLASSES.length;
        for (int length = 1; length <= 4; length++) {
            int combinations = (int) Math.pow(classes, length);
            for (int combination = 0; combination < combinations; combination++) {
                byte[] bytes = new byte[length];
                for (int i = 0, rest = combination; i < length; i++, rest /= classes) {
                    bytes[i] = (byte) BYTE_CLASSES[rest % classes];
                }
                assertDecodesLikeTheJdk(bytes);
            }
        }
    }

    @Test
    void decodesEachMalformedClassLikeTheJdk() {
        // Bad continuation, overlong, a surrogate in UTF-8, above U+10FFFF, truncated at the end and before ASCII.
        int[][] cases = {{0xC3, 0x41}, {0xE2, 0x82, 0x41}, {0xF0, 0x9F, 0x98, 0x41}, {0xC0, 0xAF}, {0xE0, 0x80, 0xAF},
            {0xF0, 0x80, 0x80, 0xAF}, {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xED, 0xA0}, {0xF4, 0x90, 0x80, 0x80},
            {0xF5, 0x80, 0x80, 0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80}, {0xC3}, {0xE2, 0x82}, {0xF0, 0x9F, 0x98},
            {0x61, 0xF0, 0x9F, 0x98, 0x62}, {0xBF, 0x80, 0xFE, 0xFF}};
        for (int[] values : cases) {
            byte[] bytes = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                bytes[i] = (byte) values[i];
            }
            assertDecodesLikeTheJdk(bytes);
        }
    }

    @Test
    void decodesSeededRandomArraysOfInterestingBytesLikeTheJdk() {
        Random random = new Random(14);
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[random.nextInt(16)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = (byte) (random.nextBoolean() ? BYTE_CLASSES[random.nextInt(BYTE_CLASSES.length)]
                        : random.nextInt(256));
            }
            assertDecodesLikeTheJdk(bytes);
        }
    }

    @Test
    void decodesTheUtf8OfSeededRandomTextLikeTheJdk() {
        Random random = new Random(15);
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = randomText(random).getBytes(StandardCharsets.UTF_8);

            assertDecodesLikeTheJdk(bytes);
        }
    }

    @Test
    void classifiesLeadAndSecondBytesAsTheJdkDecodesWellFormedSequences() {
        for (int lead = 0x80; lead < 256; lead++) {
            for (int second = 0; second < 256; second++) {
                int continuations = Utf8.continuationCount(lead);
                byte[] bytes = new byte[2 + Math.max(0, continuations - 1)];
                bytes[0] = (byte) lead;
                bytes[1] = (byte) second;
                Arrays.fill(bytes, 2, bytes.length, (byte) 0x80);
                String decoded = new String(bytes, StandardCharsets.UTF_8);
                boolean wellFormed = decoded.indexOf('\uFFFD') < 0 && decoded.codePointCount(0, decoded.length()) == 1;

                assertThat(continuations > 0 && Utf8.canContinue(lead, 1, second, false))
                        .as("lead %x, second %x", lead, second).isEqualTo(wellFormed);
            }
        }
        assertThat(Utf8.canContinue(0xED, 1, 0xA0, true)).isTrue();
        assertThat(Utf8.canContinue(0xED, 1, 0xA0, false)).isFalse();
        assertThat(Utf8.canContinue(0xF0, 2, 0x80, false)).isTrue();
        assertThat(Utf8.canContinue(0xF0, 3, 0xC0, false)).isFalse();
    }

    @Test
    void encodesEveryCharAndEveryPairOfCharClassesLikeTheJdk() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            assertEncodesLikeTheJdk(String.valueOf((char) c));
            assertEncodesLikeTheJdk("a" + (char) c);
        }
        for (char first : CHAR_CLASSES) {
            for (char second : CHAR_CLASSES) {
                for (char third : CHAR_CLASSES) {
                    assertEncodesLikeTheJdk("" + first + second + third);
                }
            }
        }
    }

    @Test
    void encodesSeededRandomTextLikeTheJdk() {
        Random random = new Random(16);
        for (int i = 0; i < 100_000; i++) {
            assertEncodesLikeTheJdk(randomText(random));
        }
    }

    @Test
    void encodesUnpairedSurrogatesAsTheirOwnThreeBytesInGeneralizedUtf8() throws IOException {
        Random random = new Random(17);
        for (int i = 0; i < 50_000; i++) {
            String text = randomText(random);

            assertThat(Utf8.encodeGeneralized(text)).as("%s", text.chars().boxed().toList())
                    .isEqualTo(generalizedUtf8(text));
        }
        assertThat(Utf8.encodeGeneralized("a\ud800\udc00\udc00\ud800"))
                .isEqualTo(new byte[] {'a', (byte) 0xF0, (byte) 0x90, (byte) 0x80, (byte) 0x80, (byte) 0xED,
                    (byte) 0xB0, (byte) 0x80, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
    }

    /** Chars of each class the encoder tells apart, with the ends of each range. */
    private static final char[] CHAR_CLASSES = {'a', '\u007f', '\u0080', '\u07ff', '\u0800', '\ud7ff', '\ud800',
        '\udbff', '\udc00', '\udfff', '\ue000', '\uffff'};

    /** Text of up to 12 chars, mostly from {@link #CHAR_CLASSES}, so that surrogates pair and fail to pair often. */
    private static String randomText(Random random) {
        char[] chars = new char[random.nextInt(13)];
        for (int k = 0; k < chars.length; k++) {
            chars[k] = random.nextInt(4) == 0 ? (char) random.nextInt(Character.MAX_VALUE + 1)
                    : CHAR_CLASSES[random.nextInt(CHAR_CLASSES.length)];
        }
        return new String(chars);
    }

    /**
     * The JDK's UTF-8 for each code point of {@code text}, but for an unpaired surrogate the bytes that
     * {@link DataOutputStream#writeUTF} (modified UTF-8, which encodes each char alone) writes for it.
     */
    private static byte[] generalizedUtf8(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int codePoint : text.codePoints().toArray()) {
            if (Character.isSurrogate((char) codePoint) && codePoint <= Character.MAX_VALUE) {
                ByteArrayOutputStream modified = new ByteArrayOutputStream();
                new DataOutputStream(modified).writeUTF(String.valueOf((char) codePoint));
                out.write(modified.toByteArray(), 2, 3);
            } else {
                out.write(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static void assertDecodesLikeTheJdk(byte[] bytes) {
        assertThat(Utf8.decode(bytes)).as(() -> "decode " + Arrays.toString(bytes))
                .isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    }

    private static void assertEncodesLikeTheJdk(String text) {
        assertThat(Utf8.encode(text)).as(() -> "encode " + text.chars().boxed().toList())
                .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
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
    void equalsIgnoreCaseLikeTheJdkForEveryCharAgainstEveryAsciiCharThatIsNotAnUpperCaseLetter() {
        for (char expected = 0; expected < 0x80; expected++) {
            if (expected >= 'A' && expected <= 'Z') {
                continue;
            }
            String lower = "x" + expected;
            for (int c = 0; c <= Character.MAX_VALUE; c++) {
                String text = "X" + (char) c;
                boolean jdk = text.equalsIgnoreCase(lower);

                if (Utf8.equalsIgnoreCase(text, lower) != jdk) {
                    assertThat(Utf8.equalsIgnoreCase(text, lower)).as("char %d against %s", c, lower).isEqualTo(jdk);
                }
            }
        }
    }

    @Test
    void equalsIgnoreCaseComparesWholeStrings() {
        assertThat(Utf8.equalsIgnoreCase("WebSocket", "websocket")).isTrue();
        assertThat(Utf8.equalsIgnoreCase("WEB\u017fOC\u212aET", "websocket")).isTrue();
        assertThat(Utf8.equalsIgnoreCase("websockets", "websocket")).isFalse();
        assertThat(Utf8.equalsIgnoreCase("websocke", "websocket")).isFalse();
        assertThat(Utf8.equalsIgnoreCase("webzocket", "websocket")).isFalse();
        assertThat(Utf8.equalsIgnoreCase("", "")).isTrue();
    }

    @Test
    void lowerAsciiReturnsTheSameStringWhenNothingChanges() {
        String text = "x-request-id \u00c4\u0130";

        assertThat(Utf8.lowerAscii(text)).isSameAs(text);
        assertThat(Utf8.lowerAscii("")).isSameAs("");
    }
}
