package io.wasmjava.core.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderMapCodecTest {
    private static final String PREFIX = "malformed header map from host: ";

    /** Builds expected wire bytes by hand: little-endian u32s and raw text (write NULs as {@code \0}). */
    private static final class Wire {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Wire u32(long value) {
            out.write((int) value & 0xFF);
            out.write((int) (value >>> 8) & 0xFF);
            out.write((int) (value >>> 16) & 0xFF);
            out.write((int) (value >>> 24) & 0xFF);
            return this;
        }

        Wire text(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Wire bytes(int... values) {
            for (int value : values) {
                out.write(value);
            }
            return this;
        }

        byte[] build() {
            return out.toByteArray();
        }
    }

    private static Wire wire() {
        return new Wire();
    }

    // ---- Encoding ----

    @Test
    void selectsTheFirstValueOfEachWantedNameIgnoringAsciiCase() {
        byte[] map = HeaderMapCodec.encode(Headers.unchecked(":authority", "a.example", "X-Request-Id", "r-1",
                "x-request-id", "r-2", "Content-Type", "text/plain; charset=\u00fc"));

        assertThat(HeaderMapCodec.select(map, new String[] {":authority", "x-request-id", "content-type", ":path"}))
                .containsExactly("a.example", "r-1", "text/plain; charset=\u00fc", null);
    }

    @Test
    void selectFromAnEmptyMapFindsNothing() {
        assertThat(HeaderMapCodec.select(new byte[0], new String[] {":path"})).containsExactly((String) null);
        assertThat(HeaderMapCodec.select(new byte[4], new String[] {":path"})).containsExactly((String) null);
    }

    @Test
    void selectRejectsMalformedMapsLikeDecode() {
        byte[] map = HeaderMapCodec.encode(Headers.unchecked("a", "b"));
        byte[] truncated = Arrays.copyOf(map, map.length - 1);

        assertThatThrownBy(() -> HeaderMapCodec.select(truncated, new String[] {"a"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed header map from host: pair 0 runs past the end (offset 12 of 15 bytes)");
    }

    @Test
    void selectorTellsApartNamesOfTheSameLengthAndIgnoresLongerOrShorterOnes() {
        HeaderMapCodec.Selector selector = new HeaderMapCodec.Selector(":path", "x-abc", "x-abd", ":path");
        byte[] map = HeaderMapCodec.encode(Headers.unchecked("x-abd", "d", "x-abcdef", "long", "x", "short", ":PATH", "/p",
                "x-abc", "c", ":path", "/second"));

        assertThat(selector.size()).isEqualTo(4);
        assertThat(selector.select(map)).containsExactly("/p", "c", "d", "/p");
    }

    @Test
    void selectorIsReusableAcrossMaps() {
        HeaderMapCodec.Selector selector = new HeaderMapCodec.Selector(":method", "x-request-id");

        assertThat(selector.select(HeaderMapCodec.encode(Headers.unchecked(":method", "GET"))))
                .containsExactly("GET", null);
        assertThat(selector.select(HeaderMapCodec.encode(Headers.unchecked("x-request-id", "r-9", ":method", "POST"))))
                .containsExactly("POST", "r-9");
    }

    @Test
    void selectorRejectsEmptyAndNonLowerCaseAsciiNames() {
        assertThatThrownBy(() -> new HeaderMapCodec.Selector(":path", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("header name 1 is empty");
        assertThatThrownBy(() -> new HeaderMapCodec.Selector("Content-Type"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header name 0 is not lower-case ASCII: Content-Type");
        assertThatThrownBy(() -> new HeaderMapCodec.Selector("caf\u00e9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header name 0 is not lower-case ASCII: caf\u00e9");
    }

    @Test
    void selectorAgreesWithDecodeOnRandomMaps() {
        Random random = new Random(7);
        String[] names = {":scheme", ":authority", ":path", ":method", "x-request-id", "content-type",
            "content-encoding", "connection", "upgrade", "a", "ab"};
        HeaderMapCodec.Selector selector = new HeaderMapCodec.Selector(names);
        String[] pool = {":Scheme", ":authority", ":path", ":PATH", ":method", "X-Request-Id", "content-type",
            "content-encoding", "Connection", "upgrade", "upgradE", "a", "A", "ab", "abc", "b", "x-other", "\u00fcber"};
        for (int iteration = 0; iteration < 2000; iteration++) {
            int count = random.nextInt(12);
            String[] namesAndValues = new String[2 * count];
            for (int i = 0; i < count; i++) {
                namesAndValues[2 * i] = pool[random.nextInt(pool.length)];
                namesAndValues[2 * i + 1] = "v" + random.nextInt(100);
            }
            Headers headers = Headers.unchecked(namesAndValues);
            String[] expected = new String[names.length];
            for (int k = 0; k < names.length; k++) {
                for (int i = 0; i < headers.size() && expected[k] == null; i++) {
                    if (headers.name(i).toLowerCase(java.util.Locale.ROOT).equals(names[k])) {
                        expected[k] = headers.value(i);
                    }
                }
            }

            assertThat(selector.select(HeaderMapCodec.encode(headers))).as("%s", headers).containsExactly(expected);
        }
    }

    @Test
    void encodesCountThenSizesThenNulTerminatedPairs() {
        byte[] encoded = HeaderMapCodec.encode(Headers.unchecked(":method", "GET", "x-empty", "", ":path", "/a"));

        assertThat(encoded).containsExactly(wire()
                .u32(3)
                .u32(7).u32(3)
                .u32(7).u32(0)
                .u32(5).u32(2)
                .text(":method\0GET\0")
                .text("x-empty\0\0")
                .text(":path\0/a\0")
                .build());
        // 4 + Σ(len(k) + len(v) + 10), as in the Go SDK's SerializeMap.
        assertThat(encoded).hasSize(4 + (7 + 3 + 10) + (7 + 0 + 10) + (5 + 2 + 10));
    }

    @Test
    void encodesLiteralBytesOfSinglePair() {
        assertThat(HeaderMapCodec.encode(Headers.unchecked("a", "bc"))).containsExactly(
                1, 0, 0, 0,
                1, 0, 0, 0, 2, 0, 0, 0,
                'a', 0, 'b', 'c', 0);
    }

    @Test
    void encodesUtf8LengthsInBytesNotChars() {
        byte[] encoded = HeaderMapCodec.encode(Headers.unchecked("x-name", "café☕"));

        assertThat(encoded).containsExactly(wire()
                .u32(1)
                .u32(6).u32(8)
                .text("x-name\0")
                .bytes('c', 'a', 'f', 0xC3, 0xA9, 0xE2, 0x98, 0x95, 0)
                .build());
    }

    @Test
    void encodesEmptyMapAsFourZeroBytes() {
        assertThat(HeaderMapCodec.encode(Headers.empty())).containsExactly(0, 0, 0, 0);
    }

    @Test
    void decodesEmptyArrayAndZeroCountAsEmptyHeaders() {
        assertThat(HeaderMapCodec.decode(new byte[0])).isEqualTo(Headers.empty());
        assertThat(HeaderMapCodec.decode(new byte[] {0, 0, 0, 0})).isEqualTo(Headers.empty());
    }

    @Test
    void decodesHandWrittenBytes() {
        byte[] bytes = wire()
                .u32(2)
                .u32(7).u32(3)
                .u32(3).u32(0)
                .text(":status\0" + "200\0")
                .text("x-a\0\0")
                .build();

        assertThat(HeaderMapCodec.decode(bytes)).isEqualTo(Headers.unchecked(":status", "200", "x-a", ""));
    }

    static Stream<Arguments> roundTrips() {
        return Stream.of(
                argumentSet("one pair", Headers.unchecked(":authority", "example.com")),
                argumentSet("empty values", Headers.unchecked("x-a", "", "x-b", "")),
                argumentSet("duplicate names kept in order",
                        Headers.unchecked("set-cookie", "a=1", "x-other", "y", "set-cookie", "b=2", "Set-Cookie", "c=3")),
                argumentSet("UTF-8 names and values", Headers.unchecked("x-名前", "值 ☕ 😀", "x-é", "ü")),
                argumentSet("value containing NUL", Headers.unchecked("x-a", "before\0after")),
                argumentSet("long value", Headers.unchecked("x-long", "v".repeat(70_000))),
                argumentSet("many pairs", manyPairs()));
    }

    private static Headers manyPairs() {
        Headers.Builder builder = new Headers.Builder();
        for (int i = 0; i < 300; i++) {
            builder.add("x-h" + i, "value " + i);
        }
        return builder.build();
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void decodesWhatItEncodes(Headers headers) {
        assertThat(HeaderMapCodec.decode(HeaderMapCodec.encode(headers))).isEqualTo(headers);
    }

    // ---- Paths ----

    static Stream<Arguments> paths() {
        return Stream.of(
                argumentSet("one segment", List.of("route_name"), "route_name".getBytes(StandardCharsets.UTF_8)),
                argumentSet("three segments", List.of("request", "headers", "x-a"),
                        "request\0headers\0x-a".getBytes(StandardCharsets.UTF_8)),
                argumentSet("no segments", List.of(), new byte[0]),
                argumentSet("empty first segment", List.of("", "x"), new byte[] {0, 'x'}),
                argumentSet("empty last segment", List.of("x", ""), new byte[] {'x', 0}),
                argumentSet("UTF-8 segment", List.of("a", "é"), new byte[] {'a', 0, (byte) 0xC3, (byte) 0xA9}));
    }

    @ParameterizedTest
    @MethodSource("paths")
    void encodesPathJoinedByNulWithoutTrailingNul(List<String> path, byte[] expected) {
        assertThat(HeaderMapCodec.encodePath(path)).containsExactly(expected);
    }

    // ---- Malformed input ----

    static Stream<Arguments> malformed() {
        return Stream.of(
                argumentSet("one byte", new byte[] {1}, "truncated count (offset 0 of 1 bytes)"),
                argumentSet("three bytes", new byte[] {1, 0, 0}, "truncated count (offset 0 of 3 bytes)"),
                argumentSet("count without pairs", wire().u32(1).build(), "count 1 does not fit (offset 0 of 4 bytes)"),
                argumentSet("count larger than pairs",
                        wire().u32(2).u32(1).u32(1).text("a\0b\0").build(),
                        "count 2 does not fit (offset 0 of 16 bytes)"),
                argumentSet("count 0xFFFFFFFF",
                        wire().u32(0xFFFFFFFFL).u32(1).u32(1).text("a\0b\0").build(),
                        "count 4294967295 does not fit (offset 0 of 16 bytes)"),
                argumentSet("count 0x80000000",
                        wire().u32(0x80000000L).u32(1).u32(1).text("a\0b\0").build(),
                        "count 2147483648 does not fit (offset 0 of 16 bytes)"),
                argumentSet("name length past the end",
                        wire().u32(1).u32(5).u32(1).text("a\0b\0").build(),
                        "pair 0 runs past the end (offset 12 of 16 bytes)"),
                argumentSet("value length past the end",
                        wire().u32(1).u32(1).u32(3).text("a\0b\0").build(),
                        "pair 0 runs past the end (offset 12 of 16 bytes)"),
                argumentSet("name length 0xFFFFFFFF",
                        wire().u32(1).u32(0xFFFFFFFFL).u32(1).text("a\0b\0").build(),
                        "pair 0 runs past the end (offset 12 of 16 bytes)"),
                argumentSet("value length 0xFFFFFFFF",
                        wire().u32(1).u32(1).u32(0xFFFFFFFFL).text("a\0b\0").build(),
                        "pair 0 runs past the end (offset 12 of 16 bytes)"),
                argumentSet("both lengths 0xFFFFFFFF",
                        wire().u32(1).u32(0xFFFFFFFFL).u32(0xFFFFFFFFL).text("a\0b\0").build(),
                        "pair 0 runs past the end (offset 12 of 16 bytes)"),
                argumentSet("name length 0x7FFFFFFF",
                        wire().u32(1).u32(0x7FFFFFFFL).u32(0).text("a\0b\0").build(),
                        "pair 0 runs past the end (offset 12 of 16 bytes)"),
                argumentSet("second pair past the end",
                        wire().u32(2).u32(1).u32(1).u32(1).u32(9).text("a\0b\0c\0d\0").build(),
                        "pair 1 runs past the end (offset 24 of 28 bytes)"),
                argumentSet("name not NUL-terminated",
                        wire().u32(1).u32(1).u32(1).text("abb\0").build(),
                        "pair 0 name is not NUL-terminated (offset 13 of 16 bytes)"),
                argumentSet("value not NUL-terminated",
                        wire().u32(1).u32(1).u32(1).text("a\0bc").build(),
                        "pair 0 value is not NUL-terminated (offset 15 of 16 bytes)"),
                argumentSet("second value not NUL-terminated",
                        wire().u32(2).u32(1).u32(1).u32(1).u32(1).text("a\0b\0c\0dd").build(),
                        "pair 1 value is not NUL-terminated (offset 27 of 28 bytes)"),
                argumentSet("empty name",
                        wire().u32(1).u32(0).u32(1).text("\0b\0").build(),
                        "pair 0 has an empty name (offset 15 of 15 bytes)"),
                argumentSet("trailing bytes after last pair",
                        wire().u32(1).u32(1).u32(1).text("a\0b\0xy").build(),
                        "2 trailing bytes (offset 16 of 18 bytes)"),
                argumentSet("trailing byte after zero count",
                        wire().u32(0).text("x").build(),
                        "1 trailing bytes (offset 4 of 5 bytes)"),
                argumentSet("lengths too short for the data",
                        wire().u32(1).u32(1).u32(1).text("a\0b\0\0\0").build(),
                        "2 trailing bytes (offset 16 of 18 bytes)"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedInputWithExactMessage(byte[] bytes, String problem) {
        assertThatThrownBy(() -> HeaderMapCodec.decode(bytes))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(PREFIX + problem);
    }

    // ---- Fuzzing ----

    private static final long FUZZ_SEED = 0x5EED_CAFEL;
    private static final int FUZZ_ITERATIONS = 60_000;
    private static final long[] EDGE_U32 = {0, 1, 2, 9, 10, 0x7F, 0x80, 0xFF, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFEL,
            0xFFFFFFFFL};

    private static final List<Headers> FUZZ_SEEDS = List.of(
            Headers.empty(),
            Headers.unchecked("a", "b"),
            Headers.unchecked(":method", "POST", ":path", "/v1/chat", "x-empty", ""),
            Headers.unchecked("set-cookie", "a=1", "set-cookie", "b=2"),
            Headers.unchecked("x-名前", "值 ☕ 😀"),
            Headers.unchecked("x-nul", "a\0b", "k", "v\0"));

    @Test
    void decodesMutatedEncodingsToHeadersOrIllegalArgumentException() {
        Random random = new Random(FUZZ_SEED);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < FUZZ_ITERATIONS; i++) {
            byte[] original = HeaderMapCodec.encode(FUZZ_SEEDS.get(random.nextInt(FUZZ_SEEDS.size())));
            byte[] input = mutate(original, random);
            Headers headers;
            try {
                headers = HeaderMapCodec.decode(input);
            } catch (IllegalArgumentException e) {
                if (!e.getMessage().startsWith(PREFIX)) {
                    fail("iteration " + i + ", input " + HexFormat.of().formatHex(input), e);
                }
                rejected++;
                continue;
            } catch (RuntimeException | Error e) {
                fail("iteration " + i + ", input " + HexFormat.of().formatHex(input), e);
                return;
            }
            assertValid(headers, input, i);
            decoded++;
        }
        assertThat(decoded + rejected).isEqualTo(FUZZ_ITERATIONS);
        // Both outcomes must be exercised, or the mutations are too weak or too destructive.
        assertThat(decoded).isGreaterThan(FUZZ_ITERATIONS / 20);
        assertThat(rejected).isGreaterThan(FUZZ_ITERATIONS / 20);
    }

    @Test
    void decodesRandomBytesToHeadersOrIllegalArgumentException() {
        Random random = new Random(FUZZ_SEED + 1);
        for (int i = 0; i < 20_000; i++) {
            byte[] input = new byte[random.nextInt(64)];
            random.nextBytes(input);
            if (input.length >= 4 && random.nextBoolean()) {
                input[0] = (byte) random.nextInt(3);
                input[1] = 0;
                input[2] = 0;
                input[3] = 0;
            }
            Headers headers;
            try {
                headers = HeaderMapCodec.decode(input);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith(PREFIX);
                continue;
            }
            assertValid(headers, input, i);
        }
    }

    /** A decoded map re-encodes into a map that decodes to itself; its pair count is the wire count. */
    private static void assertValid(Headers headers, byte[] input, int iteration) {
        String where = "iteration " + iteration + ", input " + HexFormat.of().formatHex(input);
        assertThat(headers).as(where).isNotNull();
        long count = input.length == 0 ? 0 : HeaderMapCodec.getInt(input, 0) & 0xFFFFFFFFL;
        assertThat((long) headers.size()).as(where).isEqualTo(count);
        for (int i = 0; i < headers.size(); i++) {
            assertThat(headers.name(i)).as(where).isNotEmpty();
        }
        assertThat(HeaderMapCodec.decode(HeaderMapCodec.encode(headers))).as(where).isEqualTo(headers);
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(7)) {
                case 0: // Replace one byte.
                    if (bytes.length > 0) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    }
                    break;
                case 1: // Truncate.
                    bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                    break;
                case 2: // Append random bytes.
                    int extra = 1 + random.nextInt(12);
                    byte[] longer = Arrays.copyOf(bytes, bytes.length + extra);
                    for (int i = bytes.length; i < longer.length; i++) {
                        longer[i] = (byte) random.nextInt(256);
                    }
                    bytes = longer;
                    break;
                case 3: // Overwrite the count or a length (aligned u32 in the header) with an edge value.
                    if (bytes.length >= 4) {
                        int slots = Math.min(bytes.length / 4, 1 + 2 * FUZZ_SEEDS.size());
                        int slot = random.nextInt(slots);
                        long value = EDGE_U32[random.nextInt(EDGE_U32.length)];
                        if (random.nextBoolean()) {
                            value = (HeaderMapCodec.getInt(bytes, slot * 4) & 0xFFFFFFFFL) + random.nextInt(5) - 2;
                        }
                        HeaderMapCodec.putInt(bytes, slot * 4, (int) value);
                    }
                    break;
                case 4: // Insert one byte.
                    int at = random.nextInt(bytes.length + 1);
                    byte[] inserted = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, inserted, 0, at);
                    inserted[at] = (byte) (random.nextBoolean() ? 0 : random.nextInt(256));
                    System.arraycopy(bytes, at, inserted, at + 1, bytes.length - at);
                    bytes = inserted;
                    break;
                case 5: // Delete one byte.
                    if (bytes.length > 0) {
                        int from = random.nextInt(bytes.length);
                        byte[] shorter = new byte[bytes.length - 1];
                        System.arraycopy(bytes, 0, shorter, 0, from);
                        System.arraycopy(bytes, from + 1, shorter, from, bytes.length - from - 1);
                        bytes = shorter;
                    }
                    break;
                default: // Turn a byte into NUL or a NUL into something else.
                    if (bytes.length > 0) {
                        int index = random.nextInt(bytes.length);
                        bytes[index] = bytes[index] == 0 ? (byte) ('a' + random.nextInt(26)) : 0;
                    }
                    break;
            }
        }
        return bytes;
    }
}
