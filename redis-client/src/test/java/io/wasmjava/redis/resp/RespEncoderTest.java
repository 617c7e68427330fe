package io.wasmjava.redis.resp;

import static io.wasmjava.redis.resp.RespValue.array;
import static io.wasmjava.redis.resp.RespValue.bulk;
import static io.wasmjava.redis.resp.RespValue.error;
import static io.wasmjava.redis.resp.RespValue.integer;
import static io.wasmjava.redis.resp.RespValue.nullArray;
import static io.wasmjava.redis.resp.RespValue.nullBulk;
import static io.wasmjava.redis.resp.RespValue.simple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RespEncoderTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.wasmjava.redis.resp.RespCorpus#valid")
    void encodesEveryCorpusValueToItsLiteralWireBytes(RespCorpus.Case c) {
        assertThat(Wire.text(RespEncoder.encode(c.value))).isEqualTo(Wire.text(c.wire));
    }

    @Test
    void encodesEachScalarTypeExactly() {
        assertThat(Wire.text(RespEncoder.encode(simple("OK")))).isEqualTo("+OK\r\n");
        assertThat(Wire.text(RespEncoder.encode(error("ERR x")))).isEqualTo("-ERR x\r\n");
        assertThat(Wire.text(RespEncoder.encode(integer(5)))).isEqualTo(":5\r\n");
        assertThat(Wire.text(RespEncoder.encode(integer(-42)))).isEqualTo(":-42\r\n");
        assertThat(Wire.text(RespEncoder.encode(bulk("foo")))).isEqualTo("$3\r\nfoo\r\n");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {0, 1, -1, 9, 10, -9, -10, 99, 100, 1234567890123L,
        -1234567890123L, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE,
        Long.MIN_VALUE + 1, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L})
    void writesIntegersAndIntegerArgumentsInDecimalLikeLongToString(long n) {
        String decimal = Long.toString(n);

        assertThat(RespEncoder.decimalLength(n)).isEqualTo(decimal.length());
        assertThat(Wire.text(RespEncoder.encode(integer(n)))).isEqualTo(":" + decimal + "\r\n");
        assertThat(Wire.text(RespEncoder.encodeCommand("incrby", "k", n)))
                .isEqualTo("*3\r\n$6\r\nincrby\r\n$1\r\nk\r\n$" + decimal.length() + "\r\n" + decimal + "\r\n");
    }

    @Test
    void encodesNullBulkAndEmptyBulkDifferently() {
        assertThat(Wire.text(RespEncoder.encode(nullBulk()))).isEqualTo("$-1\r\n");
        assertThat(Wire.text(RespEncoder.encode(bulk("")))).isEqualTo("$0\r\n\r\n");
    }

    @Test
    void encodesNullArrayAndEmptyArrayDifferently() {
        assertThat(Wire.text(RespEncoder.encode(nullArray()))).isEqualTo("*-1\r\n");
        assertThat(Wire.text(RespEncoder.encode(array()))).isEqualTo("*0\r\n");
    }

    @Test
    void encodesNestedArraysDepthFirst() {
        RespValue value = array(array(integer(1), nullBulk()), array(), nullArray(), array(array(simple("x"))));
        assertThat(Wire.text(RespEncoder.encode(value)))
                .isEqualTo("*4\r\n*2\r\n:1\r\n$-1\r\n*0\r\n*-1\r\n*1\r\n*1\r\n+x\r\n");
    }

    @Test
    void encodesBinaryBulkContentVerbatimIncludingCrlf() {
        byte[] content = {'\r', '\n', 0, (byte) 0x80, (byte) 0xff, '$', '-', '1', '\r', '\n'};
        assertThat(RespEncoder.encode(bulk(content)))
                .isEqualTo(Wire.latin1("$10\r\n\r\n\u0000\u0080\u00ff$-1\r\n\r\n"));
    }

    @Test
    void encodesOneMebibyteBulkString() {
        byte[] content = new byte[1 << 20];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        byte[] expected = Wire.concat(Wire.concat(Wire.bytes("$1048576\r\n"), content), Wire.bytes("\r\n"));
        assertThat(RespEncoder.encode(bulk(content))).isEqualTo(expected);
    }

    @Test
    void encodesArraysNestedFarDeeperThanTheJavaStackCouldRecurse() {
        int levels = 200_000;
        RespValue value = integer(1);
        for (int i = 0; i < levels; i++) {
            value = array(value);
        }
        byte[] encoded = RespEncoder.encode(value);
        assertThat(encoded).hasSize(levels * 4 + 4);
        assertThat(Wire.text(Arrays.copyOfRange(encoded, encoded.length - 8, encoded.length))).isEqualTo("*1\r\n:1\r\n");
    }

    // ---- commands ------------------------------------------------------------------------------------------------

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("Get(\"foo\") from higress-sdk.md section 4.2", List.of("get", "foo"),
                        "*2\r\n$3\r\nget\r\n$3\r\nfoo\r\n"),
                Arguments.of("SetEx with an int ttl", List.of("set", "k", "v", "ex", 10),
                        "*5\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nex\r\n$2\r\n10\r\n"),
                Arguments.of("IncrBy with a negative long", List.of("incrby", "counter", -9223372036854775808L),
                        "*3\r\n$6\r\nincrby\r\n$7\r\ncounter\r\n$20\r\n-9223372036854775808\r\n"),
                Arguments.of("HIncrByFloat with a double", List.of("hincrbyfloat", "h", "f", 1.5),
                        "*4\r\n$12\r\nhincrbyfloat\r\n$1\r\nh\r\n$1\r\nf\r\n$3\r\n1.5\r\n"),
                Arguments.of("ZAdd with a score of one million (Go: 1e+06)", List.of("zadd", "z", 1_000_000.0, "m"),
                        "*4\r\n$4\r\nzadd\r\n$1\r\nz\r\n$5\r\n1e+06\r\n$1\r\nm\r\n"),
                Arguments.of("Eval with numkeys, keys and args", List.of("eval", "return 1", 1, "key", "arg"),
                        "*5\r\n$4\r\neval\r\n$8\r\nreturn 1\r\n$1\r\n1\r\n$3\r\nkey\r\n$3\r\narg\r\n"),
                Arguments.of("Boolean, Short, Byte and Float", List.of("x", true, false, (short) -7, (byte) 8, 0.1f),
                        "*6\r\n$1\r\nx\r\n$4\r\ntrue\r\n$5\r\nfalse\r\n$2\r\n-7\r\n$1\r\n8\r\n$3\r\n0.1\r\n"),
                Arguments.of("empty string argument", List.of("set", "k", ""),
                        "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$0\r\n\r\n"),
                Arguments.of("UTF-8 argument counts bytes", List.of("set", "k", "\u00e9\u20ac"),
                        "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$5\r\n\u00e9\u20ac\r\n"),
                Arguments.of("StringBuilder argument", List.of(new StringBuilder("ping")), "*1\r\n$4\r\nping\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void encodesCommandsLikeTheGoSdk(String name, List<Object> args, String expectedWire) {
        assertThat(Wire.text(RespEncoder.encodeCommand(args))).isEqualTo(Wire.text(Wire.bytes(expectedWire)));
        assertThat(RespEncoder.encodeCommand(args.toArray())).isEqualTo(RespEncoder.encodeCommand(args));
    }

    @Test
    void encodesByteArrayArgumentsAsRawBytesNotGosDebugForm() {
        byte[] raw = {'h', 'i', '\r', '\n', 0, (byte) 0xfe};
        assertThat(RespEncoder.encodeCommand("set", "k", raw))
                .isEqualTo(Wire.latin1("*3\r\n$3\r\nset\r\n$1\r\nk\r\n$6\r\nhi\r\n\u0000\u00fe\r\n"));
    }

    @Test
    void copiesByteArrayArgumentsBeforeEncoding() {
        byte[] raw = {'a'};
        byte[] command = RespEncoder.encodeCommand("get", raw);
        raw[0] = 'b';
        assertThat(Wire.text(command)).isEqualTo("*2\r\n$3\r\nget\r\n$1\r\na\r\n");
    }

    @Test
    void encodedCommandDecodesToAnArrayOfBulkStrings() {
        byte[] command = RespEncoder.encodeCommand("zincrby", "z", -2.5, "member", 3L);
        assertThat(RespDecoder.decodeOne(command))
                .isEqualTo(array(bulk("zincrby"), bulk("z"), bulk("-2.5"), bulk("member"), bulk("3")));
    }

    @Test
    void rejectsANullArgumentNamingItsIndex() {
        assertThatThrownBy(() -> RespEncoder.encodeCommand("set", "k", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("argument 2 is null (expected: a String, byte[], number or Boolean; Go's fmt.Sprint would send "
                        + "the text <nil>)");
    }

    @Test
    void rejectsAnUnsupportedArgumentTypeNamingItsIndexAndClass() {
        assertThatThrownBy(() -> RespEncoder.encodeCommand("set", 'c'))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("argument 1 has unsupported type java.lang.Character (expected: String, byte[], Long, Integer, "
                        + "Short, Byte, Double, Float or Boolean)");
        assertThatThrownBy(() -> RespEncoder.encodeCommand(List.of("set", new ArrayList<>())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("argument 1 has unsupported type java.util.ArrayList");
    }

    @Test
    void rejectsACommandWithoutArguments() {
        assertThatThrownBy(() -> RespEncoder.encodeCommand())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command has 0 arguments (expected: at least the command name)");
        assertThatThrownBy(() -> RespEncoder.encodeCommand(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void returnsAFreshArrayOnEveryCall() {
        byte[] first = RespEncoder.encode(simple("OK"));
        first[0] = 'X';
        assertThat(Wire.text(RespEncoder.encode(simple("OK")))).isEqualTo("+OK\r\n");
    }
}
