package io.wasmjava.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.host.PendingRedisCall;
import io.wasmjava.testkit.PluginHarness;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact RESP bytes each {@link RedisClient} method sends: lower-case command names, every argument a bulk string
 * (integers in decimal, doubles as Go's {@code %v}, byte arrays verbatim), in the order Higress's Go SDK uses.
 */
class RedisClientCommandsTest {
    private final RedisTestPlugin plugin = RedisTestPlugin.builder().build();
    private final PluginHarness harness = plugin.start(plugin.harness());

    @AfterEach
    void close() {
        harness.close();
    }

    private static Arguments row(String name, RedisCommand command, String wire) {
        return Arguments.of(name, command, wire);
    }

    @SafeVarargs
    private static <K, V> Map<K, V> ordered(Map.Entry<K, V>... entries) {
        Map<K, V> map = new LinkedHashMap<>();
        for (Map.Entry<K, V> entry : entries) {
            map.put(entry.getKey(), entry.getValue());
        }
        return map;
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                // keys
                row("del", RedisCommand.del("k"), "*2\r\n$3\r\ndel\r\n$1\r\nk\r\n"),
                row("exists", RedisCommand.exists("k"), "*2\r\n$6\r\nexists\r\n$1\r\nk\r\n"),
                row("expire", RedisCommand.expire("k", 60), "*3\r\n$6\r\nexpire\r\n$1\r\nk\r\n$2\r\n60\r\n"),
                row("persist", RedisCommand.persist("k"), "*2\r\n$7\r\npersist\r\n$1\r\nk\r\n"),
                // strings
                row("get", RedisCommand.get("k"), "*2\r\n$3\r\nget\r\n$1\r\nk\r\n"),
                row("get of a UTF-8 key counts bytes", RedisCommand.get("ключ"),
                        "*2\r\n$3\r\nget\r\n$8\r\nключ\r\n"),
                row("set of a string", RedisCommand.set("k", "v"), "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n"),
                row("set of a long in decimal", RedisCommand.set("k", -1234567890123L),
                        "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$14\r\n-1234567890123\r\n"),
                row("set of a double like Go's %v", RedisCommand.set("k", 1_000_000.0),
                        "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$5\r\n1e+06\r\n"),
                row("set of a boolean", RedisCommand.set("k", true),
                        "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$4\r\ntrue\r\n"),
                row("set of a byte array, verbatim", RedisCommand.set("k", "hi".getBytes(StandardCharsets.UTF_8)),
                        "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$2\r\nhi\r\n"),
                row("setex is set with ex", RedisCommand.setex("k", "v", 30),
                        "*5\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nex\r\n$2\r\n30\r\n"),
                row("setnx without a ttl", RedisCommand.setnx("k", "v", 0),
                        "*4\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nnx\r\n"),
                row("setnx with a ttl", RedisCommand.setnx("k", "v", 30),
                        "*6\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nnx\r\n$2\r\nex\r\n$2\r\n30\r\n"),
                row("mget", RedisCommand.mget(List.of("a", "b")), "*3\r\n$4\r\nmget\r\n$1\r\na\r\n$1\r\nb\r\n"),
                row("mset in map order", RedisCommand.mset(ordered(Map.entry("b", 2), Map.entry("a", "x"))),
                        "*5\r\n$4\r\nmset\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nx\r\n"),
                row("incr", RedisCommand.incr("k"), "*2\r\n$4\r\nincr\r\n$1\r\nk\r\n"),
                row("decr", RedisCommand.decr("k"), "*2\r\n$4\r\ndecr\r\n$1\r\nk\r\n"),
                row("incrby a negative delta", RedisCommand.incrby("k", -5),
                        "*3\r\n$6\r\nincrby\r\n$1\r\nk\r\n$2\r\n-5\r\n"),
                row("decrby", RedisCommand.decrby("k", 7), "*3\r\n$6\r\ndecrby\r\n$1\r\nk\r\n$1\r\n7\r\n"),
                // lists
                row("llen", RedisCommand.llen("l"), "*2\r\n$4\r\nllen\r\n$1\r\nl\r\n"),
                row("rpush", RedisCommand.rpush("l", List.of("a", 2)),
                        "*4\r\n$5\r\nrpush\r\n$1\r\nl\r\n$1\r\na\r\n$1\r\n2\r\n"),
                row("lpush", RedisCommand.lpush("l", List.of("a")), "*3\r\n$5\r\nlpush\r\n$1\r\nl\r\n$1\r\na\r\n"),
                row("rpop", RedisCommand.rpop("l"), "*2\r\n$4\r\nrpop\r\n$1\r\nl\r\n"),
                row("lpop", RedisCommand.lpop("l"), "*2\r\n$4\r\nlpop\r\n$1\r\nl\r\n"),
                row("lindex", RedisCommand.lindex("l", -1), "*3\r\n$6\r\nlindex\r\n$1\r\nl\r\n$2\r\n-1\r\n"),
                row("lrange", RedisCommand.lrange("l", 0, -1),
                        "*4\r\n$6\r\nlrange\r\n$1\r\nl\r\n$1\r\n0\r\n$2\r\n-1\r\n"),
                row("lrem count before value", RedisCommand.lrem("l", 2, "v"),
                        "*4\r\n$4\r\nlrem\r\n$1\r\nl\r\n$1\r\n2\r\n$1\r\nv\r\n"),
                row("linsert before", RedisCommand.linsertBefore("l", "p", "v"),
                        "*5\r\n$7\r\nlinsert\r\n$1\r\nl\r\n$6\r\nbefore\r\n$1\r\np\r\n$1\r\nv\r\n"),
                row("linsert after", RedisCommand.linsertAfter("l", "p", "v"),
                        "*5\r\n$7\r\nlinsert\r\n$1\r\nl\r\n$5\r\nafter\r\n$1\r\np\r\n$1\r\nv\r\n"),
                // hashes
                row("hexists", RedisCommand.hexists("h", "f"), "*3\r\n$7\r\nhexists\r\n$1\r\nh\r\n$1\r\nf\r\n"),
                row("hdel", RedisCommand.hdel("h", List.of("f", "g")),
                        "*4\r\n$4\r\nhdel\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\ng\r\n"),
                row("hlen", RedisCommand.hlen("h"), "*2\r\n$4\r\nhlen\r\n$1\r\nh\r\n"),
                row("hget", RedisCommand.hget("h", "f"), "*3\r\n$4\r\nhget\r\n$1\r\nh\r\n$1\r\nf\r\n"),
                row("hset", RedisCommand.hset("h", "f", 1),
                        "*4\r\n$4\r\nhset\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\n1\r\n"),
                row("hmget", RedisCommand.hmget("h", List.of("f", "g")),
                        "*4\r\n$5\r\nhmget\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\ng\r\n"),
                row("hmset in map order", RedisCommand.hmset("h", ordered(Map.entry("g", 1), Map.entry("f", "v"))),
                        "*6\r\n$5\r\nhmset\r\n$1\r\nh\r\n$1\r\ng\r\n$1\r\n1\r\n$1\r\nf\r\n$1\r\nv\r\n"),
                row("hkeys", RedisCommand.hkeys("h"), "*2\r\n$5\r\nhkeys\r\n$1\r\nh\r\n"),
                row("hvals", RedisCommand.hvals("h"), "*2\r\n$5\r\nhvals\r\n$1\r\nh\r\n"),
                row("hgetall", RedisCommand.hgetall("h"), "*2\r\n$7\r\nhgetall\r\n$1\r\nh\r\n"),
                row("hincrby", RedisCommand.hincrby("h", "f", 3),
                        "*4\r\n$7\r\nhincrby\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\n3\r\n"),
                row("hincrbyfloat of 0.1", RedisCommand.hincrbyfloat("h", "f", 0.1),
                        "*4\r\n$12\r\nhincrbyfloat\r\n$1\r\nh\r\n$1\r\nf\r\n$3\r\n0.1\r\n"),
                row("hincrbyfloat of 1.5e-05", RedisCommand.hincrbyfloat("h", "f", 0.000015),
                        "*4\r\n$12\r\nhincrbyfloat\r\n$1\r\nh\r\n$1\r\nf\r\n$7\r\n1.5e-05\r\n"),
                // sets
                row("scard", RedisCommand.scard("s"), "*2\r\n$5\r\nscard\r\n$1\r\ns\r\n"),
                row("sadd", RedisCommand.sadd("s", List.of("a", 1)),
                        "*4\r\n$4\r\nsadd\r\n$1\r\ns\r\n$1\r\na\r\n$1\r\n1\r\n"),
                row("srem", RedisCommand.srem("s", List.of("a")), "*3\r\n$4\r\nsrem\r\n$1\r\ns\r\n$1\r\na\r\n"),
                row("sismember", RedisCommand.sismember("s", "a"),
                        "*3\r\n$9\r\nsismember\r\n$1\r\ns\r\n$1\r\na\r\n"),
                row("smembers", RedisCommand.smembers("s"), "*2\r\n$8\r\nsmembers\r\n$1\r\ns\r\n"),
                row("sdiff", RedisCommand.sdiff("a", "b"), "*3\r\n$5\r\nsdiff\r\n$1\r\na\r\n$1\r\nb\r\n"),
                row("sdiffstore destination first", RedisCommand.sdiffstore("d", "a", "b"),
                        "*4\r\n$10\r\nsdiffstore\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n"),
                row("sinter", RedisCommand.sinter("a", "b"), "*3\r\n$6\r\nsinter\r\n$1\r\na\r\n$1\r\nb\r\n"),
                row("sinterstore", RedisCommand.sinterstore("d", "a", "b"),
                        "*4\r\n$11\r\nsinterstore\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n"),
                row("sunion", RedisCommand.sunion("a", "b"), "*3\r\n$6\r\nsunion\r\n$1\r\na\r\n$1\r\nb\r\n"),
                row("sunionstore", RedisCommand.sunionstore("d", "a", "b"),
                        "*4\r\n$11\r\nsunionstore\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n"),
                // sorted sets
                row("zcard", RedisCommand.zcard("z"), "*2\r\n$5\r\nzcard\r\n$1\r\nz\r\n"),
                row("zadd score before member", RedisCommand.zadd("z",
                        ordered(Map.entry("m1", 1.5), Map.entry("m2", 2), Map.entry("m3", 1e6))),
                        "*8\r\n$4\r\nzadd\r\n$1\r\nz\r\n$3\r\n1.5\r\n$2\r\nm1\r\n$1\r\n2\r\n$2\r\nm2\r\n"
                                + "$5\r\n1e+06\r\n$2\r\nm3\r\n"),
                row("zcount", RedisCommand.zcount("z", "-inf", 5),
                        "*4\r\n$6\r\nzcount\r\n$1\r\nz\r\n$4\r\n-inf\r\n$1\r\n5\r\n"),
                row("zincrby delta before member", RedisCommand.zincrby("z", "m", 2.5),
                        "*4\r\n$7\r\nzincrby\r\n$1\r\nz\r\n$3\r\n2.5\r\n$1\r\nm\r\n"),
                row("zscore", RedisCommand.zscore("z", "m"), "*3\r\n$6\r\nzscore\r\n$1\r\nz\r\n$1\r\nm\r\n"),
                row("zrank", RedisCommand.zrank("z", "m"), "*3\r\n$5\r\nzrank\r\n$1\r\nz\r\n$1\r\nm\r\n"),
                row("zrevrank", RedisCommand.zrevrank("z", "m"),
                        "*3\r\n$8\r\nzrevrank\r\n$1\r\nz\r\n$1\r\nm\r\n"),
                row("zrem", RedisCommand.zrem("z", List.of("m", "n")),
                        "*4\r\n$4\r\nzrem\r\n$1\r\nz\r\n$1\r\nm\r\n$1\r\nn\r\n"),
                row("zrange", RedisCommand.zrange("z", 0, 10),
                        "*4\r\n$6\r\nzrange\r\n$1\r\nz\r\n$1\r\n0\r\n$2\r\n10\r\n"),
                row("zrevrange", RedisCommand.zrevrange("z", 0, -1),
                        "*4\r\n$9\r\nzrevrange\r\n$1\r\nz\r\n$1\r\n0\r\n$2\r\n-1\r\n"),
                // scripting
                row("eval with numkeys, keys, then args", RedisCommand.eval("return 1", List.of("k1", "k2"),
                        List.of("a", 7)),
                        "*7\r\n$4\r\neval\r\n$8\r\nreturn 1\r\n$1\r\n2\r\n$2\r\nk1\r\n$2\r\nk2\r\n$1\r\na\r\n$1\r\n7\r\n"),
                row("eval without keys", RedisCommand.eval("return 1", List.of(), List.of()),
                        "*3\r\n$4\r\neval\r\n$8\r\nreturn 1\r\n$1\r\n0\r\n"),
                row("evalsha", RedisCommand.evalsha("e0e1f9fabfc9d4800c877a703b823ac0578ff8db", List.of("k"),
                        List.of(1)),
                        "*5\r\n$7\r\nevalsha\r\n$40\r\ne0e1f9fabfc9d4800c877a703b823ac0578ff8db\r\n$1\r\n1\r\n"
                                + "$1\r\nk\r\n$1\r\n1\r\n"),
                row("script load", RedisCommand.scriptLoad("return 1"),
                        "*3\r\n$6\r\nscript\r\n$4\r\nload\r\n$8\r\nreturn 1\r\n"),
                // raw
                row("command from a list", RedisCommand.of(List.of("object", "encoding", "k")),
                        "*3\r\n$6\r\nobject\r\n$8\r\nencoding\r\n$1\r\nk\r\n"),
                row("command from varargs", RedisCommand.of("pexpire", "k", 1500L),
                        "*3\r\n$7\r\npexpire\r\n$1\r\nk\r\n$4\r\n1500\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void sendsTheCommandAsLowerCaseRespBulkStringsToTheBareCluster(String name, RedisCommand command,
            String wire) {
        plugin.send(harness, command);

        PendingRedisCall call = harness.pendingRedisCalls().get(0);
        assertThat(List.of(call.cluster(), call.queryText())).containsExactly("outbound|6379||redis.static", wire);
    }

    @Test
    void sendsByteArrayArgumentsVerbatimEvenWhenTheyAreNotUtf8() {
        byte[] value = {0, (byte) 0xff, '\r', '\n', (byte) 0xc3};

        plugin.send(harness, RedisCommand.set("k", value));

        byte[] head = "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$5\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = Arrays.copyOf(head, head.length + value.length + 2);
        System.arraycopy(value, 0, expected, head.length, value.length);
        expected[expected.length - 2] = '\r';
        expected[expected.length - 1] = '\n';
        assertThat(harness.pendingRedisCalls().get(0).query()).isEqualTo(expected);
    }
}
