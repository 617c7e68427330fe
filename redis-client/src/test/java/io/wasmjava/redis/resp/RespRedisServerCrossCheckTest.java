package io.wasmjava.redis.resp;

import static io.wasmjava.redis.resp.RespValue.array;
import static io.wasmjava.redis.resp.RespValue.bulk;
import static io.wasmjava.redis.resp.RespValue.error;
import static io.wasmjava.redis.resp.RespValue.integer;
import static io.wasmjava.redis.resp.RespValue.nullArray;
import static io.wasmjava.redis.resp.RespValue.nullBulk;
import static io.wasmjava.redis.resp.RespValue.simple;
import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.host.RedisConnection;
import io.wasmjava.host.RedisServerProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the codec against the real thing: commands encoded by {@link RespEncoder#encodeCommand} go raw to a real
 * {@code redis-server} (through the test kit's {@link RedisConnection}), and its replies, decoded by
 * {@link RespDecoder}, must be the values Redis documents. Needs {@code redis-server} on the PATH.
 */
class RespRedisServerCrossCheckTest {
    private static final byte[] ALL_BYTES = allBytes();
    private static final byte[] LARGE = largeValue();

    @AutoClose
    private static final RedisServerProcess redis = RedisServerProcess.start();

    private RedisConnection connection;

    @BeforeEach
    void connect() throws IOException {
        connection = redis.connect();
        connection.command("flushall");
    }

    @AfterEach
    void disconnect() {
        connection.close();
    }

    private static byte[] allBytes() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static byte[] largeValue() {
        byte[] bytes = new byte[200_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    /** Commands as argument lists, and the value each reply must decode to, in order. */
    private static Arguments exchange(String name, List<List<?>> commands, RespValue... replies) {
        return Arguments.of(name, commands, List.of(replies));
    }

    private static List<?> command(Object... arguments) {
        return Arrays.asList(arguments);
    }

    static Stream<Arguments> exchanges() {
        return Stream.of(
                exchange("simple string", List.of(command("set", "k", "v"), command("ping")),
                        simple("OK"), simple("PONG")),
                exchange("bulk string", List.of(command("set", "k", "value"), command("get", "k")),
                        simple("OK"), bulk("value")),
                exchange("empty bulk string", List.of(command("set", "k", ""), command("get", "k")),
                        simple("OK"), bulk("")),
                exchange("null bulk string", List.of(command("get", "missing")), nullBulk()),
                exchange("UTF-8 key and value", List.of(command("set", "ключ", "значение 😀"), command("get", "ключ"),
                        command("strlen", "ключ")), simple("OK"), bulk("значение 😀"), integer(21)),
                exchange("every byte value", List.of(command("set", "bin", ALL_BYTES), command("get", "bin")),
                        simple("OK"), bulk(ALL_BYTES)),
                exchange("a value larger than a socket buffer", List.of(command("set", "big", LARGE),
                        command("get", "big")), simple("OK"), bulk(LARGE)),
                exchange("integers, negative and near the limit", List.of(command("incrby", "n", -5L),
                        command("incrby", "n", 9223372036854775802L), command("decrby", "m", Long.MAX_VALUE)),
                        integer(-5), integer(9223372036854775797L), integer(-Long.MAX_VALUE)),
                exchange("doubles written like Go's %v", List.of(command("incrbyfloat", "f", 1_000_000.0),
                        command("incrbyfloat", "f", 0.25), command("incrbyfloat", "g", 1.5e-5)),
                        bulk("1000000"), bulk("1000000.25"), bulk("0.000015")),
                exchange("booleans as words", List.of(command("set", "b", true), command("get", "b")),
                        simple("OK"), bulk("true")),
                exchange("array", List.of(command("rpush", "l", "a", "b", "c"), command("lrange", "l", 0, -1)),
                        integer(3), array(bulk("a"), bulk("b"), bulk("c"))),
                exchange("empty array", List.of(command("lrange", "missing", 0, -1)), array()),
                exchange("array with a null element", List.of(command("set", "a", "1"), command("mget", "a", "b")),
                        simple("OK"), array(bulk("1"), nullBulk())),
                exchange("null array", List.of(command("blpop", "missing", "0.01")), nullArray()),
                exchange("nested arrays from a script", List.of(command("eval",
                        "return {1, 'two', {3, {'four', {}}}, redis.status_reply('FIVE')}", 0)),
                        array(integer(1), bulk("two"), array(integer(3), array(bulk("four"), array())),
                                simple("FIVE"))),
                exchange("a script's nil", List.of(command("eval", "return nil", 0)), nullBulk()),
                exchange("a script's table ends at its first nil", List.of(command("eval", "return {1, nil, 3}", 0)),
                        array(integer(1))),
                exchange("a script's number is an integer", List.of(command("eval", "return 3.99", 0)), integer(3)),
                exchange("a script's keys and arguments", List.of(command("eval", "return {KEYS[1], ARGV[1], ARGV[2]}",
                        1, "k", "ä", 2.5)), array(bulk("k"), bulk("ä"), bulk("2.5"))),
                exchange("error from a script", List.of(command("eval", "return redis.error_reply('MYERR custom')", 0)),
                        error("MYERR custom")),
                exchange("error for a wrong type", List.of(command("rpush", "l", "a"), command("get", "l")),
                        integer(1), error("WRONGTYPE Operation against a key holding the wrong kind of value")),
                exchange("error for a bad number", List.of(command("set", "k", "x"), command("incr", "k")),
                        simple("OK"), error("ERR value is not an integer or out of range")),
                exchange("error for an unknown script", List.of(command("evalsha",
                        "ffffffffffffffffffffffffffffffffffffffff", 0)),
                        error("NOSCRIPT No matching script. Please use EVAL.")),
                // WRONGTYPE's text is the same in Redis 5, 6 and 7 (an unknown command's quoting changed in 7.0), so
                // the bundled Redis 6.2 and a packaged 7.x agree.
                exchange("error for the wrong type", List.of(command("set", "plain", "v"), command("lpush", "plain", "x")),
                        simple("OK"), error("WRONGTYPE Operation against a key holding the wrong kind of value")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void decodesWhatRedisRepliesToOurEncodedCommands(String name, List<List<?>> commands, List<RespValue> replies)
            throws IOException {
        List<RespValue> decoded = new ArrayList<>();
        for (List<?> command : commands) {
            decoded.add(RespDecoder.decodeOne(connection.send(RespEncoder.encodeCommand(command))));
        }

        assertThat(decoded).isEqualTo(replies);
    }

    @Test
    void decodesPipelinedRepliesFedInOneChunk() throws IOException {
        byte[] pipeline = Wire.concat(Wire.concat(RespEncoder.encodeCommand("incr", "n"),
                RespEncoder.encodeCommand("incr", "n")), RespEncoder.encodeCommand("get", "n"));
        RespDecoder decoder = new RespDecoder();

        decoder.feed(connection.send(pipeline));

        List<RespValue> decoded = new ArrayList<>();
        RespValue next;
        while ((next = decoder.next()) != null) {
            decoded.add(next);
        }
        assertThat(decoded).containsExactly(integer(1), integer(2), bulk("2"));
    }

    @Test
    void redisAcceptsWhatOurEncoderWritesForEveryCorpusValueStoredAsAString() throws IOException {
        List<String> mismatches = new ArrayList<>();
        for (RespCorpus.Case c : RespCorpus.valid()) {
            RespValue stored = RespDecoder.decodeOne(connection.send(RespEncoder.encodeCommand("set", "k", c.wire)));
            RespValue read = RespDecoder.decodeOne(connection.send(RespEncoder.encodeCommand("get", "k")));
            if (!stored.equals(simple("OK")) || !read.equals(bulk(c.wire))) {
                mismatches.add(c.name + ": " + stored + ", " + read);
            }
        }

        assertThat(mismatches).isEmpty();
    }
}
