package io.wasmjava.redis.resp;

import static io.wasmjava.redis.resp.RespValue.array;
import static io.wasmjava.redis.resp.RespValue.bulk;
import static io.wasmjava.redis.resp.RespValue.integer;
import static io.wasmjava.redis.resp.RespValue.nullBulk;
import static io.wasmjava.redis.resp.RespValue.simple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RespDecoderTest {

    // ---- literal wire bytes --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.redis.resp.RespCorpus#valid")
    void decodesEveryCorpusInputToItsValue(RespCorpus.Case c) {
        assertThat(RespDecoder.decodeOne(c.wire)).isEqualTo(c.value);
    }

    @Test
    void decodesNullBulkAndEmptyBulkToDifferentValues() {
        RespValue nullBulk = RespDecoder.decodeOne(Wire.bytes("$-1\r\n"));
        RespValue emptyBulk = RespDecoder.decodeOne(Wire.bytes("$0\r\n\r\n"));
        assertThat(nullBulk.isNull()).isTrue();
        assertThat(emptyBulk.isNull()).isFalse();
        assertThat(emptyBulk.asBytes()).isEmpty();
        assertThat(nullBulk).isNotEqualTo(emptyBulk);
    }

    @Test
    void decodesNullArrayAndEmptyArrayToDifferentValues() {
        RespValue nullArray = RespDecoder.decodeOne(Wire.bytes("*-1\r\n"));
        RespValue emptyArray = RespDecoder.decodeOne(Wire.bytes("*0\r\n"));
        assertThat(nullArray.isNull()).isTrue();
        assertThat(nullArray.asArray()).isNull();
        assertThat(emptyArray.asArray()).isEmpty();
        assertThat(nullArray).isNotEqualTo(emptyArray);
    }

    @Test
    void decodesBinaryBulkContentWithCrlfInside() {
        RespValue value = RespDecoder.decodeOne(Wire.latin1("$5\r\n\r\n\u0000\r\n\r\n"));
        assertThat(value.asBytes()).containsExactly('\r', '\n', 0, '\r', '\n');
    }

    @Test
    void decodesOneMebibyteBulkFedInOnePieceAndByteByByte() {
        byte[] content = new byte[1 << 20];
        new Random(1).nextBytes(content);
        byte[] wire = RespEncoder.encode(bulk(content));
        assertThat(RespDecoder.decodeOne(wire).asBytes()).isEqualTo(content);

        RespDecoder decoder = new RespDecoder();
        assertThat(feedByteByByte(decoder, wire)).isEqualTo(bulk(content));
        assertThat(decoder.buffered()).isZero();
        assertThat(decoder.bufferCapacity()).as("the content went straight into the value: no large buffer is kept")
                .isLessThanOrEqualTo(256);
    }

    @Test
    void copiesABulkStringThatSpansReadsStraightIntoItsValue() {
        byte[] content = new byte[64 * 1024];
        new Random(2).nextBytes(content);
        byte[] wire = RespEncoder.encode(bulk(content));
        RespDecoder decoder = new RespDecoder();

        for (int at = 0; at < wire.length; at += 8192) {
            assertThat(decoder.next()).isNull();
            decoder.feed(wire, at, Math.min(8192, wire.length - at));
        }

        assertThat(decoder.next()).isEqualTo(bulk(content));
        assertThat(decoder.bufferCapacity()).as("the buffer held the first read only").isEqualTo(8192);
    }

    @Test
    void returnsPipelinedValuesOneByOneInWireOrder() {
        RespDecoder decoder = new RespDecoder();
        decoder.feed(Wire.bytes("+OK\r\n:1\r\n$3\r\nfoo\r\n*1\r\n$-1\r\n$2\r\nb"));
        assertThat(decoder.next()).isEqualTo(simple("OK"));
        assertThat(decoder.next()).isEqualTo(integer(1));
        assertThat(decoder.next()).isEqualTo(bulk("foo"));
        assertThat(decoder.next()).isEqualTo(array(nullBulk()));
        assertThat(decoder.next()).isNull();
        decoder.feed(Wire.bytes("a\r\n"));
        assertThat(decoder.next()).isEqualTo(bulk("ba"));
        assertThat(decoder.next()).isNull();
    }

    @Test
    void returnsNullForNoInput() {
        RespDecoder decoder = new RespDecoder();
        assertThat(decoder.next()).isNull();
        decoder.feed(new byte[0]);
        assertThat(decoder.next()).isNull();
    }

    @Test
    void copiesFedBytesSoTheCallerMayReuseTheChunk() {
        RespDecoder decoder = new RespDecoder();
        byte[] chunk = Wire.bytes("$3\r\nfo");
        decoder.feed(chunk);
        Arrays.fill(chunk, (byte) 'x');
        decoder.feed(Wire.bytes("o\r\n"));
        assertThat(decoder.next()).isEqualTo(bulk("foo"));
    }

    @Test
    void neverReadsBufferedBytesBeyondWhatWasFed() {
        RespDecoder decoder = new RespDecoder();
        // A long value leaves its bytes in the buffer after it is read; a shorter value fed next must not see them.
        decoder.feed(Wire.bytes("*3\r\n$5\r\nhello\r\n:12345\r\n+OK\r\n"));
        assertThat(decoder.next()).isEqualTo(array(bulk("hello"), integer(12345), simple("OK")));
        decoder.feed(Wire.bytes("*3\r\n$5\r\nhel"));
        assertThat(decoder.next()).isNull();
        decoder.feed(Wire.bytes("lo\r\n:1"));
        assertThat(decoder.next()).isNull();
        decoder.feed(Wire.bytes("\r\n+O"));
        assertThat(decoder.next()).isNull();
        decoder.feed(Wire.bytes("K\r\n"));
        assertThat(decoder.next()).isEqualTo(array(bulk("hello"), integer(1), simple("OK")));
        assertThat(decoder.buffered()).isZero();
    }

    // ---- reading from a stream -----------------------------------------------------------------------------------

    @Test
    void readsPipelinedRepliesFromAStreamInReadsOfAnySize() throws IOException {
        byte[] wire = Wire.bytes("+OK\r\n:1\r\n$3\r\nfoo\r\n*2\r\n$-1\r\n*0\r\n-ERR x\r\n");
        for (int readSize = 1; readSize <= wire.length; readSize++) {
            RespDecoder decoder = new RespDecoder();
            InputStream in = new ShortReads(wire, readSize);
            List<RespValue> values = new ArrayList<>();
            int read;
            do {
                read = decoder.readFrom(in);
                drainInto(decoder, values);
            } while (read >= 0);
            assertThat(values).as("reads of %d bytes", readSize).containsExactly(simple("OK"), integer(1), bulk("foo"),
                    array(nullBulk(), array()), RespValue.error("ERR x"));
            assertThat(decoder.buffered()).isZero();
        }
    }

    @Test
    void readsABulkStringThatSpansReadsStraightIntoItsValue() throws IOException {
        byte[] content = new byte[200_000];
        new Random(3).nextBytes(content);
        byte[] wire = RespEncoder.encode(bulk(content));
        RespDecoder decoder = new RespDecoder();
        InputStream in = new ShortReads(wire, 10_000);
        RespValue value;
        while ((value = decoder.next()) == null) {
            assertThat(decoder.readFrom(in)).isPositive();
        }
        assertThat(value).isEqualTo(bulk(content));
        assertThat(decoder.readFrom(in)).isEqualTo(-1);
        assertThat(decoder.bufferCapacity()).as("only the first read went through the buffer")
                .isEqualTo(RespDecoder.READ_BYTES);
    }

    @Test
    void leavesTheInputUnchangedWhenTheStreamFails() throws IOException {
        RespDecoder decoder = new RespDecoder();
        decoder.feed(Wire.bytes("$3\r\nfo"));
        IOException reset = new IOException("connection reset");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw reset;
            }

            @Override
            public int read(byte[] target, int offset, int length) throws IOException {
                throw reset;
            }
        };
        assertThatThrownBy(() -> decoder.readFrom(failing)).isSameAs(reset);
        decoder.readFrom(new ShortReads(Wire.bytes("o\r\n"), 3));
        assertThat(decoder.next()).isEqualTo(bulk("foo"));
    }

    @Test
    void refusesToReadAfterAProtocolError() {
        RespDecoder decoder = new RespDecoder();
        decoder.feed(Wire.bytes("?\r\n"));
        RespProtocolException first = catchProtocolException(decoder);
        assertThatThrownBy(() -> decoder.readFrom(new ShortReads(Wire.bytes("+OK\r\n"), 5))).isSameAs(first);
    }

    /** A stream that returns at most {@code readSize} bytes per read, then -1. */
    private static final class ShortReads extends InputStream {
        private final byte[] data;
        private final int readSize;
        private int position;

        ShortReads(byte[] data, int readSize) {
            this.data = data;
            this.readSize = readSize;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position == data.length) {
                return -1;
            }
            int count = Math.min(Math.min(length, readSize), data.length - position);
            System.arraycopy(data, position, target, offset, count);
            position += count;
            return count;
        }
    }

    // ---- split boundaries ----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.redis.resp.RespCorpus#valid")
    void decodesIdenticallyWhenSplitAtEveryByteBoundary(RespCorpus.Case c) {
        for (int split = 0; split <= c.wire.length; split++) {
            RespDecoder decoder = new RespDecoder();
            decoder.feed(c.wire, 0, split);
            if (split < c.wire.length) {
                assertThat(decoder.next()).as("after %d of %d bytes", split, c.wire.length).isNull();
            }
            decoder.feed(c.wire, split, c.wire.length - split);
            assertThat(decoder.next()).as("split at %d", split).isEqualTo(c.value);
            assertThat(decoder.next()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.redis.resp.RespCorpus#valid")
    void decodesIdenticallyWhenSplitAtEveryPairOfBoundaries(RespCorpus.Case c) {
        int n = c.wire.length;
        for (int first = 0; first <= n; first++) {
            for (int second = first; second <= n; second++) {
                RespDecoder decoder = new RespDecoder();
                decoder.feed(c.wire, 0, first);
                RespValue a = decoder.next();
                decoder.feed(c.wire, first, second - first);
                RespValue b = decoder.next();
                decoder.feed(c.wire, second, n - second);
                RespValue last = decoder.next();
                RespValue decoded = a != null ? a : b != null ? b : last;
                assertThat(decoded).as("splits at %d and %d", first, second).isEqualTo(c.value);
                assertThat(Stream.of(a, b, last).filter(v -> v != null)).hasSize(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.redis.resp.RespCorpus#valid")
    void decodesIdenticallyWhenFedByteByByte(RespCorpus.Case c) {
        RespDecoder decoder = new RespDecoder();
        List<RespValue> decoded = new ArrayList<>();
        for (byte b : c.wire) {
            decoder.feed(new byte[] {b});
            drainInto(decoder, decoded);
        }
        assertThat(decoded).containsExactly(c.value);
    }

    @Test
    void decodesTheWholeCorpusAsOneStreamInRandomChunks() {
        List<RespCorpus.Case> cases = RespCorpus.valid();
        byte[] stream = new byte[0];
        List<RespValue> expected = new ArrayList<>();
        for (RespCorpus.Case c : cases) {
            stream = Wire.concat(stream, c.wire);
            expected.add(c.value);
        }
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            RespDecoder decoder = new RespDecoder();
            List<RespValue> decoded = new ArrayList<>();
            for (int at = 0; at < stream.length; ) {
                int size = Math.min(stream.length - at, 1 + random.nextInt(round % 2 == 0 ? 8 : 200));
                decoder.feed(stream, at, size);
                at += size;
                drainInto(decoder, decoded);
            }
            assertThat(decoded).as("round %d", round).isEqualTo(expected);
        }
    }

    // ---- limits --------------------------------------------------------------------------------------------------

    @Test
    void hasDocumentedDefaultLimits() {
        RespDecoder.Limits limits = RespDecoder.Limits.defaults();
        assertThat(limits).isEqualTo(new RespDecoder.Limits(512 * 1024 * 1024, 16_777_216, 32, 65_536));
        assertThat(new RespDecoder().limits()).isEqualTo(limits);
    }

    @Test
    void changesOneLimitAtATime() {
        RespDecoder.Limits limits = RespDecoder.Limits.defaults().withMaxBulkLength(10).withMaxArrayLength(3)
                .withMaxNestingDepth(2).withMaxInlineLength(100);
        assertThat(limits.maxBulkLength()).isEqualTo(10);
        assertThat(limits.maxArrayLength()).isEqualTo(3);
        assertThat(limits.maxNestingDepth()).isEqualTo(2);
        assertThat(limits.maxInlineLength()).isEqualTo(100);
        assertThat(RespDecoder.Limits.defaults().maxBulkLength()).isEqualTo(512 * 1024 * 1024);
        assertThat(limits).isEqualTo(RespDecoder.Limits.defaults().withMaxInlineLength(100).withMaxNestingDepth(2)
                .withMaxArrayLength(3).withMaxBulkLength(10)).isNotEqualTo(RespDecoder.Limits.defaults());
    }

    @Test
    void rejectsOutOfRangeLimits() {
        assertThatThrownBy(() -> RespDecoder.Limits.defaults().withMaxBulkLength(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBulkLength: -1 (expected: 0 to 2147482623)");
        assertThatThrownBy(() -> RespDecoder.Limits.defaults().withMaxNestingDepth(0))
                .hasMessage("maxNestingDepth: 0 (expected: 1 to 100000)");
        assertThatThrownBy(() -> RespDecoder.Limits.defaults().withMaxInlineLength(0))
                .hasMessage("maxInlineLength: 0 (expected: 1 to 2147482623)");
        assertThatThrownBy(() -> RespDecoder.Limits.defaults().withMaxArrayLength(Integer.MAX_VALUE))
                .hasMessage("maxArrayLength: 2147483647 (expected: 0 to 2147482623)");
    }

    static Stream<Arguments> limitViolations() {
        RespDecoder.Limits defaults = RespDecoder.Limits.defaults();
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            deep.append("*1\r\n");
        }
        return Stream.of(
                Arguments.of("bulk longer than 512 MiB", defaults, "$536870913\r\n",
                        "bulk length: 536870913 (expected: -1 or 0 to 536870912) at offset 0"),
                Arguments.of("bulk longer than a custom limit", defaults.withMaxBulkLength(3), "*2\r\n$3\r\nabc\r\n$4\r\n",
                        "bulk length: 4 (expected: -1 or 0 to 3) at offset 13"),
                Arguments.of("array longer than the limit", defaults.withMaxArrayLength(2), "*3\r\n",
                        "array length: 3 (expected: -1 or 0 to 2) at offset 0"),
                Arguments.of("array longer than the default limit", defaults, "*16777217\r\n",
                        "array length: 16777217 (expected: -1 or 0 to 16777216) at offset 0"),
                Arguments.of("33 nested arrays", defaults, deep + ":1\r\n",
                        "nesting depth: 33 (expected: <= 32) at offset 128"),
                Arguments.of("an empty array one level too deep", defaults.withMaxNestingDepth(2), "*1\r\n*1\r\n*0\r\n",
                        "nesting depth: 3 (expected: <= 2) at offset 8"),
                Arguments.of("a complete line that is too long", defaults.withMaxInlineLength(4), "+hello\r\n",
                        "line length: 5 (expected: <= 4) at offset 0"),
                Arguments.of("an unterminated line that is too long", defaults.withMaxInlineLength(4), "-ERR xy",
                        "line length: more than 4 bytes without \\r\\n (expected: <= 4) at offset 0"),
                Arguments.of("a 64 KiB line without a terminator", defaults, "+" + "a".repeat(65_537),
                        "line length: more than 65536 bytes without \\r\\n (expected: <= 65536) at offset 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limitViolations")
    void rejectsInputBeyondALimit(String name, RespDecoder.Limits limits, String wire, String message) {
        RespDecoder decoder = new RespDecoder(limits);
        decoder.feed(Wire.bytes(wire));
        assertThatThrownBy(() -> drain(decoder)).isInstanceOf(RespProtocolException.class).hasMessage(message);
    }

    @Test
    void decodesArraysNestedUpToTheDepthLimitWhetherFedWholeOrByteByByte() {
        // 32 levels: deeper than one recursive pass goes, so the state machine and the pass take turns.
        RespValue value = integer(7);
        StringBuilder wire = new StringBuilder();
        for (int level = 0; level < RespDecoder.Limits.DEFAULT_MAX_NESTING_DEPTH; level++) {
            value = array(value, bulk("x"));
            wire.append("*2\r\n");
        }
        wire.append(":7\r\n");
        for (int level = 0; level < RespDecoder.Limits.DEFAULT_MAX_NESTING_DEPTH; level++) {
            wire.append("$1\r\nx\r\n");
        }
        byte[] bytes = Wire.bytes(wire.toString());
        assertThat(RespDecoder.decodeOne(bytes)).isEqualTo(value);
        assertThat(feedByteByByte(new RespDecoder(), bytes)).isEqualTo(value);
    }

    @Test
    void acceptsInputExactlyAtEachLimit() {
        RespDecoder.Limits limits = RespDecoder.Limits.defaults().withMaxBulkLength(3).withMaxArrayLength(2)
                .withMaxNestingDepth(2).withMaxInlineLength(4);
        assertThat(RespDecoder.decodeOne(Wire.bytes("*2\r\n*2\r\n$3\r\nabc\r\n+abcd\r\n:1\r\n"), limits))
                .isEqualTo(array(array(bulk("abc"), simple("abcd")), integer(1)));
    }

    @Test
    void allocatesNothingForADeclaredBulkLengthBeforeItsBytesArrive() {
        int declared = RespDecoder.Limits.MAX_LENGTH_BOUND;
        RespDecoder decoder = new RespDecoder(RespDecoder.Limits.defaults().withMaxBulkLength(declared));
        decoder.feed(Wire.bytes("$" + declared + "\r\nabc"));
        assertThat(decoder.next()).isNull();
        assertThat(decoder.bufferCapacity()).isLessThan(1024);
    }

    @Test
    void allocatesNothingForADeclaredArrayLengthBeforeItsElementsArrive() {
        RespDecoder decoder = new RespDecoder(RespDecoder.Limits.defaults().withMaxArrayLength(2_000_000_000));
        decoder.feed(Wire.bytes("*2000000000\r\n:1\r\n"));
        assertThat(decoder.next()).isNull(); // an eager ArrayList would need 8 GB here
    }

    @Test
    void keepsOnlyTheUnreadBytesOfALongStreamBuffered() {
        RespDecoder decoder = new RespDecoder();
        byte[] value = Wire.bytes("$10\r\n0123456789\r\n");
        for (int i = 0; i < 100_000; i++) {
            decoder.feed(value, 0, 7);
            assertThat(decoder.next()).isNull();
            decoder.feed(value, 7, value.length - 7);
            assertThat(decoder.next()).isEqualTo(bulk("0123456789"));
        }
        assertThat(decoder.bufferCapacity()).isLessThanOrEqualTo(256);
    }

    // ---- malformed input -----------------------------------------------------------------------------------------

    /** What the decoder says it expected, per element: the same text in every message about that element. */
    private static final String TYPE_BYTE_EXPECTED =
            "(expected: one of + - : $ *; RESP3 and inline commands are not supported)";
    private static final String INTEGER_EXPECTED =
            "(expected: an optional '-' and 1 to 19 decimal digits within the signed 64-bit range)";
    private static final String BULK_LENGTH_EXPECTED = "(expected: -1 or 0 to 536870912)";
    private static final String ARRAY_LENGTH_EXPECTED = "(expected: -1 or 0 to 16777216)";

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("unknown type byte", "!oops\r\n",
                        "type byte: '!' (0x21) " + TYPE_BYTE_EXPECTED + " at offset 0"),
                Arguments.of("RESP3 null", "_\r\n", "type byte: '_' (0x5f) " + TYPE_BYTE_EXPECTED + " at offset 0"),
                Arguments.of("inline command", "PING\r\n",
                        "type byte: 'P' (0x50) " + TYPE_BYTE_EXPECTED + " at offset 0"),
                Arguments.of("bad type byte after a valid value", ":1\r\n\u0000",
                        "type byte: 0x00 " + TYPE_BYTE_EXPECTED + " at offset 4"),
                Arguments.of("bare LF ends a line", "+OK\n",
                        "line terminator: \\n without \\r (expected: \\r\\n; a line cannot contain \\n) at offset 3"),
                Arguments.of("CR without LF inside a line", "+O\rK\r\n",
                        "line terminator: \\r followed by 'K' (0x4b) (expected: \\r\\n; a line cannot contain \\r) at offset 2"),
                Arguments.of("non-numeric integer", ":12a\r\n",
                        "integer: \"12a\" is not a decimal integer " + INTEGER_EXPECTED + " at offset 0"),
                Arguments.of("empty integer", ":\r\n",
                        "integer: \"\" is not a decimal integer " + INTEGER_EXPECTED + " at offset 0"),
                Arguments.of("integer overflow", ":9223372036854775808\r\n",
                        "integer: \"9223372036854775808\" is out of range for a signed 64-bit integer "
                                + INTEGER_EXPECTED + " at offset 0"),
                Arguments.of("integer with plus sign", ":+1\r\n",
                        "integer: \"+1\" is not a decimal integer " + INTEGER_EXPECTED + " at offset 0"),
                Arguments.of("non-numeric bulk length", "$abc\r\n",
                        "bulk length: \"abc\" is not a decimal integer " + BULK_LENGTH_EXPECTED + " at offset 0"),
                Arguments.of("empty bulk length", "$\r\n",
                        "bulk length: \"\" is not a decimal integer " + BULK_LENGTH_EXPECTED + " at offset 0"),
                Arguments.of("negative bulk length other than -1", "$-2\r\n",
                        "bulk length: -2 " + BULK_LENGTH_EXPECTED + " at offset 0"),
                Arguments.of("bulk length overflowing 64 bits", "$99999999999999999999\r\n",
                        "bulk length: \"99999999999999999999\" " + BULK_LENGTH_EXPECTED + " at offset 0"),
                Arguments.of("negative array length other than -1", "*-5\r\n",
                        "array length: -5 " + ARRAY_LENGTH_EXPECTED + " at offset 0"),
                Arguments.of("non-numeric array length", "*1x\r\n",
                        "array length: \"1x\" is not a decimal integer " + ARRAY_LENGTH_EXPECTED + " at offset 0"),
                Arguments.of("bulk content longer than declared", "$2\r\nabc\r\n",
                        "bulk string of length 2 ends with 'c' (0x63) '\\r' (0x0d) (expected: \\r \\n after exactly 2 content "
                                + "bytes) at offset 0"),
                Arguments.of("bulk content shorter than declared", "*1\r\n$4\r\nab\r\n:1\r\n",
                        "bulk string of length 4 ends with ':' (0x3a) '1' (0x31) (expected: \\r \\n after exactly 4 "
                                + "content bytes) at offset 4"),
                Arguments.of("element of an array malformed", "*2\r\n:1\r\n:x\r\n",
                        "integer: \"x\" is not a decimal integer " + INTEGER_EXPECTED + " at offset 8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedInputWithActualExpectedAndOffset(String name, String wire, String message) {
        RespDecoder decoder = new RespDecoder();
        decoder.feed(Wire.latin1(wire));
        assertThatThrownBy(() -> drain(decoder)).isInstanceOf(RespProtocolException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedInputIdenticallyWhenFedByteByByte(String name, String wire, String message) {
        RespDecoder decoder = new RespDecoder();
        byte[] bytes = Wire.latin1(wire);
        assertThatThrownBy(() -> {
            for (byte b : bytes) {
                decoder.feed(new byte[] {b});
                drain(decoder);
            }
        }).isInstanceOf(RespProtocolException.class).hasMessage(message);
    }

    @Test
    void reportsOffsetsCountedFromTheFirstByteEverFed() {
        RespDecoder decoder = new RespDecoder();
        for (int i = 0; i < 1000; i++) {
            decoder.feed(Wire.bytes("+OK\r\n"));
            assertThat(decoder.next()).isEqualTo(simple("OK"));
        }
        decoder.feed(Wire.bytes("*1\r\n:"));
        decoder.feed(Wire.bytes("z\r\n"));
        RespProtocolException e = catchProtocolException(decoder);
        assertThat(e.offset()).isEqualTo(5004);
        assertThat(e).hasMessageEndingWith(" at offset 5004");
    }

    @Test
    void staysFailedAfterAProtocolError() {
        RespDecoder decoder = new RespDecoder();
        decoder.feed(Wire.bytes("?\r\n"));
        RespProtocolException first = catchProtocolException(decoder);
        assertThatThrownBy(decoder::next).isSameAs(first);
        assertThatThrownBy(() -> decoder.feed(Wire.bytes("+OK\r\n"))).isSameAs(first);
    }

    @Test
    void rejectsAFeedRangeOutsideTheChunk() {
        RespDecoder decoder = new RespDecoder();
        assertThatThrownBy(() -> decoder.feed(new byte[4], 3, 2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("range [3, 3 + 2) out of bounds for length 4");
        assertThatThrownBy(() -> decoder.feed(new byte[4], -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ---- decodeOne -----------------------------------------------------------------------------------------------

    @Test
    void decodeOneRejectsIncompleteInput() {
        assertThatThrownBy(() -> RespDecoder.decodeOne(Wire.bytes("$3\r\nfo")))
                .isInstanceOf(RespProtocolException.class)
                .hasMessage("end of input after 6 bytes (expected: one complete value) at offset 6");
        assertThatThrownBy(() -> RespDecoder.decodeOne(new byte[0]))
                .hasMessage("end of input after 0 bytes (expected: one complete value) at offset 0");
    }

    @Test
    void decodeOneRejectsTrailingBytes() {
        assertThatThrownBy(() -> RespDecoder.decodeOne(Wire.bytes("+OK\r\n+OK\r\n")))
                .isInstanceOf(RespProtocolException.class)
                .hasMessage("trailing bytes: 5 after a complete value (expected: 0) at offset 5");
        assertThatThrownBy(() -> RespDecoder.decodeOne(Wire.bytes(":1\r\n\r\n")))
                .hasMessage("trailing bytes: 2 after a complete value (expected: 0) at offset 4");
    }

    @Test
    void decodeOneAppliesTheGivenLimits() {
        assertThatThrownBy(() -> RespDecoder.decodeOne(Wire.bytes("$4\r\nabcd\r\n"),
                RespDecoder.Limits.defaults().withMaxBulkLength(3)))
                .hasMessage("bulk length: 4 (expected: -1 or 0 to 3) at offset 0");
    }

    /** Feeds {@code wire} one byte at a time, checking that no value is complete before the last; returns the value. */
    private static RespValue feedByteByByte(RespDecoder decoder, byte[] wire) {
        for (int i = 0; i < wire.length - 1; i++) {
            decoder.feed(wire, i, 1);
            assertThat(decoder.next()).as("a value after %d of %d bytes", i + 1, wire.length).isNull();
        }
        decoder.feed(wire, wire.length - 1, 1);
        return decoder.next();
    }

    /** Adds every value the decoder has ready to {@code values}, until it needs more input (or throws). */
    private static void drainInto(RespDecoder decoder, List<RespValue> values) {
        for (RespValue value = decoder.next(); value != null; value = decoder.next()) {
            values.add(value);
        }
    }

    private static void drain(RespDecoder decoder) {
        drainInto(decoder, new ArrayList<>());
    }

    private static RespProtocolException catchProtocolException(RespDecoder decoder) {
        try {
            drain(decoder);
        } catch (RespProtocolException e) {
            return e;
        }
        throw new AssertionError("expected a RespProtocolException");
    }
}
