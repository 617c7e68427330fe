package io.wasmjava.redis.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.RedisInputStream;
import redis.clients.jedis.util.RedisOutputStream;

/**
 * Checks the codec against an independent one: Jedis 7.4.1's wire layer ({@code Protocol.read} over a
 * {@code RedisInputStream}, {@code Protocol.sendCommand} over a {@code RedisOutputStream}).
 *
 * <p>Both sides are mapped to one comparable form. Jedis returns simple and bulk strings alike as {@code byte[]},
 * integers as {@code Long}, arrays as {@code List}, both nulls as {@code null}, and an error as a thrown
 * {@code JedisDataException} (top level) or one stored in the list (inside an array). So the comparison cannot tell
 * a simple string from a bulk string or the null bulk string from the null array; the literal-wire tests can.
 *
 * <p>Jedis is a lenient reader, not a validator: on malformed input it often returns garbage ({@code :12a} reads as
 * 169). Where the two disagree on malformed input, {@link #jedisAcceptsMalformedInputThatWeReject} pins both
 * behaviours.
 */
class RespJedisCrossCheckTest {

    private static final String INCOMPLETE = "<incomplete>";
    private static final String REJECTED = "<rejected>";

    // ---- (a) Jedis decodes what we encode ------------------------------------------------------------------------

    /** The corpus less the empty error {@code -\r\n}, which Jedis cannot read (see {@link #onlyWeReadAnEmptyError}). */
    static Stream<RespCorpus.Case> corpus() {
        return RespCorpus.valid().stream().filter(c -> !c.name.equals("empty error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void jedisDecodesOurEncodingOfEveryCorpusValueToTheSameValue(RespCorpus.Case c) {
        byte[] wire = RespEncoder.encode(c.value);
        assertThat(jedisView(wire)).isEqualTo(ourView(c.value));
    }

    @Test
    void jedisDecodesOurEncodingOfRandomValuesToTheSameValues() {
        RespGenerator generator = new RespGenerator(new Random(77), true);
        for (int i = 0; i < 5_000; i++) {
            RespValue value = generator.value(4);
            byte[] wire = RespEncoder.encode(value);
            assertThat(jedisView(wire)).as("value #%d %s", i, value).isEqualTo(ourView(value));
        }
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of(List.of("GET", "foo")),
                Arguments.of(List.of("SET", "key with spaces", "h\u00e9llo \u20ac", "EX", 10L)),
                Arguments.of(List.of("EVAL", "return redis.call('incr', KEYS[1])", 1, "k")),
                Arguments.of(List.of("SET", "k", new byte[] {0, '\r', '\n', (byte) 0xff})),
                Arguments.of(List.of("INCRBY", "k", Long.MIN_VALUE)),
                Arguments.of(List.of("SET", "empty", "")),
                Arguments.of(List.of("PING")));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void writesCommandsByteForByteLikeJedisSendCommand(List<Object> args) throws IOException {
        byte[] name = RespValue.utf8((String) args.get(0));
        CommandArguments jedisArgs = new CommandArguments((ProtocolCommand) () -> name);
        for (Object arg : args.subList(1, args.size())) {
            if (arg instanceof byte[]) {
                jedisArgs.add((byte[]) arg);
            } else if (arg instanceof Long) {
                jedisArgs.add(((Long) arg).longValue());
            } else if (arg instanceof Integer) {
                jedisArgs.add(((Integer) arg).intValue());
            } else {
                jedisArgs.add((String) arg);
            }
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        RedisOutputStream out = new RedisOutputStream(sink);
        Protocol.sendCommand(out, jedisArgs);
        out.flush();
        assertThat(Wire.text(RespEncoder.encodeCommand(args))).isEqualTo(Wire.text(sink.toByteArray()));
    }

    @Test
    void formatsBooleansAndFloatsLikeGoRatherThanLikeJedis() throws IOException {
        // Jedis writes true as "1" and 1e6 as "1000000.0"; the Go SDK (and so Higress plugins) write "true" and
        // "1e+06". We follow Go, so that a Java plugin and a Go plugin produce the same keys and scores.
        assertThat(Wire.text(Protocol.toByteArray(true))).isEqualTo("1");
        assertThat(Wire.text(Protocol.toByteArray(1_000_000.0))).isEqualTo("1000000.0");
        assertThat(Wire.text(RespEncoder.encodeCommand("x", true, 1_000_000.0)))
                .isEqualTo("*3\r\n$1\r\nx\r\n$4\r\ntrue\r\n$5\r\n1e+06\r\n");
    }

    // ---- (b) both decoders read the same wire input the same way ------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void bothDecodersReadEveryCorpusInputAlike(RespCorpus.Case c) {
        assertThat(ourView(c.wire)).isEqualTo(jedisView(c.wire)).isEqualTo(ourView(c.value));
    }

    static Stream<Arguments> inputsBothReadAlike() {
        return Stream.of(
                Arguments.of("unknown type byte", "!oops\r\n", REJECTED),
                Arguments.of("inline command", "PING\r\n", REJECTED),
                Arguments.of("empty input", "", INCOMPLETE),
                Arguments.of("truncated bulk", "$3\r\nfo", INCOMPLETE),
                Arguments.of("truncated array", "*2\r\n:1\r\n", INCOMPLETE),
                Arguments.of("line without terminator", "+OK", INCOMPLETE),
                Arguments.of("integer without terminator", ":1", INCOMPLETE),
                Arguments.of("error without terminator", "-ERR x", INCOMPLETE),
                Arguments.of("bulk header without content", "$5\r\n", INCOMPLETE),
                Arguments.of("error inside an array", "*2\r\n-ERR in array\r\n:1\r\n", "[error:ERR in array, long:1]"),
                Arguments.of("MOVED error", "-MOVED 3999 127.0.0.1:6381\r\n", "error:MOVED 3999 127.0.0.1:6381"),
                Arguments.of("NOSCRIPT error", "-NOSCRIPT No matching script\r\n", "error:NOSCRIPT No matching script"),
                Arguments.of("zero with a minus sign", ":-0\r\n", "long:0"),
                Arguments.of("integer with leading zeros", ":007\r\n", "long:7"),
                Arguments.of("bulk length with leading zero", "$03\r\nabc\r\n", "bytes:616263"),
                Arguments.of("bulk length minus zero", "$-0\r\n\r\n", "bytes:"),
                Arguments.of("NUL inside a simple string", "+a\u0000b\r\n", "bytes:610062"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputsBothReadAlike")
    void bothDecodersReadEdgeCaseInputsAlike(String name, String wire, String expected) {
        assertReadings(wire, expected, expected);
    }

    static Stream<Arguments> inputsOnlyJedisAccepts() {
        return Stream.of(
                Arguments.of("non-numeric integer", ":12a\r\n", "long:169"),
                Arguments.of("empty integer", ":\r\n", "long:0"),
                Arguments.of("integer with plus sign", ":+1\r\n", "long:-49"),
                Arguments.of("integer overflow", ":9223372036854775808\r\n", "long:-9223372036854775808"),
                Arguments.of("CR without LF inside a line", "+O\rK\r\n", "bytes:4f0d4b"),
                Arguments.of("bare LF inside a line", "+OK\nmore\r\n", "bytes:4f4b0a6d6f7265"),
                Arguments.of("RESP3 null", "_\r\n", "null"),
                Arguments.of("bulk content longer than declared", "$2\r\nabc\r\n", "bytes:6162 + 1 trailing bytes"),
                Arguments.of("malformed integer inside an array", "*2\r\n:1\r\n:x\r\n", "[long:1, long:72]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputsOnlyJedisAccepts")
    void jedisAcceptsMalformedInputThatWeReject(String name, String wire, String jedisReads) {
        assertReadings(wire, REJECTED, jedisReads);
    }

    @Test
    void onlyWeReadAnEmptyError() {
        // Jedis's RedisInputStream.readLine treats an empty line as a closed connection.
        assertReadings("-\r\n", "error:", REJECTED);
    }

    @Test
    void bothDecodersReadRandomValidStreamsAlike() {
        RespGenerator generator = new RespGenerator(new Random(78), true);
        for (int i = 0; i < 5_000; i++) {
            byte[] wire = RespEncoder.encode(generator.value(4));
            assertThat(ourView(wire)).as("input #%d %s", i, Wire.text(wire)).isEqualTo(jedisView(wire));
        }
    }

    // ---- mapping both sides to one form ---------------------------------------------------------------------------

    /** Asserts what our decoder ({@code ours}) and Jedis ({@code jedis}) read from {@code wire}, one byte a char. */
    private static void assertReadings(String wire, String ours, String jedis) {
        byte[] bytes = Wire.latin1(wire);
        assertThat(ourView(bytes)).isEqualTo(ours);
        assertThat(jedisView(bytes)).isEqualTo(jedis);
    }

    /** Our decoder's reading of {@code wire}: the value, {@link #INCOMPLETE}, or {@link #REJECTED}. */
    private static String ourView(byte[] wire) {
        RespDecoder decoder = new RespDecoder();
        decoder.feed(wire);
        try {
            RespValue value = decoder.next();
            if (value == null) {
                return INCOMPLETE;
            }
            return ourView(value) + trailing(decoder.buffered());
        } catch (RespProtocolException e) {
            return REJECTED;
        }
    }

    private static String ourView(RespValue value) {
        if (value.isNull()) {
            return "null";
        }
        switch (value.type()) {
            case SIMPLE_STRING:
            case BULK_STRING:
                return "bytes:" + hex(value.asBytes());
            case INTEGER:
                return "long:" + value.asLong();
            case ERROR:
                return "error:" + value.errorMessage();
            default: {
                List<String> elements = new ArrayList<>();
                for (RespValue element : value.asArray()) {
                    elements.add(ourView(element));
                }
                return elements.toString();
            }
        }
    }

    /** Jedis's reading of {@code wire}, in the same form. */
    private static String jedisView(byte[] wire) {
        RedisInputStream in = new RedisInputStream(new ByteArrayInputStream(wire));
        try {
            Object reply = Protocol.read(in);
            return jedisView(reply) + trailing(in.available());
        } catch (JedisDataException e) {
            return "error:" + e.getMessage();
        } catch (JedisConnectionException e) {
            return "Unexpected end of stream.".equals(e.getMessage()) ? INCOMPLETE : REJECTED;
        } catch (RuntimeException | IOException e) {
            return REJECTED;
        }
    }

    private static String jedisView(Object reply) {
        if (reply == null) {
            return "null";
        }
        if (reply instanceof byte[]) {
            return "bytes:" + hex((byte[]) reply);
        }
        if (reply instanceof Long) {
            return "long:" + reply;
        }
        if (reply instanceof JedisDataException) {
            return "error:" + ((JedisDataException) reply).getMessage();
        }
        if (reply instanceof List) {
            List<String> elements = new ArrayList<>();
            for (Object element : (List<?>) reply) {
                elements.add(jedisView(element));
            }
            return elements.toString();
        }
        return "unexpected " + reply.getClass().getName() + ": " + reply;
    }

    private static String trailing(int bytes) {
        return bytes == 0 ? "" : " + " + bytes + " trailing bytes";
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }
}
