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

    private static Arguments row(String name, RedisTestPlugin.Command command, String wire) {
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
                row("del", (c, cb) -> c.del("k", cb), "*2\r\n$3\r\ndel\r\n$1\r\nk\r\n"),
                row("exists", (c, cb) -> c.exists("k", cb), "*2\r\n$6\r\nexists\r\n$1\r\nk\r\n"),
                row("expire", (c, cb) -> c.expire("k", 60, cb), "*3\r\n$6\r\nexpire\r\n$1\r\nk\r\n$2\r\n60\r\n"),
                row("persist", (c, cb) -> c.persist("k", cb), "*2\r\n$7\r\npersist\r\n$1\r\nk\r\n"),
                // strings
                row("get", (c, cb) -> c.get("k", cb), "*2\r\n$3\r\nget\r\n$1\r\nk\r\n"),
                row("get of a UTF-8 key counts bytes", (c, cb) -> c.get("ключ", cb),
                        "*2\r\n$3\r\nget\r\n$8\r\nключ\r\n"),
                row("set of a string", (c, cb) -> c.set("k", "v", cb), "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n"),
                row("set of a long in decimal", (c, cb) -> c.set("k", -1234567890123L, cb),
                        "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$14\r\n-1234567890123\r\n"),
                row("set of a double like Go's %v", (c, cb) -> c.set("k", 1_000_000.0, cb),
                        "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$5\r\n1e+06\r\n"),
                row("set of a boolean", (c, cb) -> c.set("k", true, cb),
                        "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$4\r\ntrue\r\n"),
                row("set of a byte array, verbatim", (c, cb) -> c.set("k", "hi".getBytes(StandardCharsets.UTF_8), cb),
                        "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$2\r\nhi\r\n"),
                row("setex is set with ex", (c, cb) -> c.setex("k", "v", 30, cb),
                        "*5\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nex\r\n$2\r\n30\r\n"),
                row("setnx without a ttl", (c, cb) -> c.setnx("k", "v", 0, cb),
                        "*4\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nnx\r\n"),
                row("setnx with a ttl", (c, cb) -> c.setnx("k", "v", 30, cb),
                        "*6\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nnx\r\n$2\r\nex\r\n$2\r\n30\r\n"),
                row("mget", (c, cb) -> c.mget(List.of("a", "b"), cb), "*3\r\n$4\r\nmget\r\n$1\r\na\r\n$1\r\nb\r\n"),
                row("mset in map order", (c, cb) -> c.mset(ordered(Map.entry("b", 2), Map.entry("a", "x")), cb),
                        "*5\r\n$4\r\nmset\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nx\r\n"),
                row("incr", (c, cb) -> c.incr("k", cb), "*2\r\n$4\r\nincr\r\n$1\r\nk\r\n"),
                row("decr", (c, cb) -> c.decr("k", cb), "*2\r\n$4\r\ndecr\r\n$1\r\nk\r\n"),
                row("incrby a negative delta", (c, cb) -> c.incrby("k", -5, cb),
                        "*3\r\n$6\r\nincrby\r\n$1\r\nk\r\n$2\r\n-5\r\n"),
                row("decrby", (c, cb) -> c.decrby("k", 7, cb), "*3\r\n$6\r\ndecrby\r\n$1\r\nk\r\n$1\r\n7\r\n"),
                // lists
                row("llen", (c, cb) -> c.llen("l", cb), "*2\r\n$4\r\nllen\r\n$1\r\nl\r\n"),
                row("rpush", (c, cb) -> c.rpush("l", List.of("a", 2), cb),
                        "*4\r\n$5\r\nrpush\r\n$1\r\nl\r\n$1\r\na\r\n$1\r\n2\r\n"),
                row("lpush", (c, cb) -> c.lpush("l", List.of("a"), cb), "*3\r\n$5\r\nlpush\r\n$1\r\nl\r\n$1\r\na\r\n"),
                row("rpop", (c, cb) -> c.rpop("l", cb), "*2\r\n$4\r\nrpop\r\n$1\r\nl\r\n"),
                row("lpop", (c, cb) -> c.lpop("l", cb), "*2\r\n$4\r\nlpop\r\n$1\r\nl\r\n"),
                row("lindex", (c, cb) -> c.lindex("l", -1, cb), "*3\r\n$6\r\nlindex\r\n$1\r\nl\r\n$2\r\n-1\r\n"),
                row("lrange", (c, cb) -> c.lrange("l", 0, -1, cb),
                        "*4\r\n$6\r\nlrange\r\n$1\r\nl\r\n$1\r\n0\r\n$2\r\n-1\r\n"),
                row("lrem count before value", (c, cb) -> c.lrem("l", 2, "v", cb),
                        "*4\r\n$4\r\nlrem\r\n$1\r\nl\r\n$1\r\n2\r\n$1\r\nv\r\n"),
                row("linsert before", (c, cb) -> c.linsertBefore("l", "p", "v", cb),
                        "*5\r\n$7\r\nlinsert\r\n$1\r\nl\r\n$6\r\nbefore\r\n$1\r\np\r\n$1\r\nv\r\n"),
                row("linsert after", (c, cb) -> c.linsertAfter("l", "p", "v", cb),
                        "*5\r\n$7\r\nlinsert\r\n$1\r\nl\r\n$5\r\nafter\r\n$1\r\np\r\n$1\r\nv\r\n"),
                // hashes
                row("hexists", (c, cb) -> c.hexists("h", "f", cb), "*3\r\n$7\r\nhexists\r\n$1\r\nh\r\n$1\r\nf\r\n"),
                row("hdel", (c, cb) -> c.hdel("h", List.of("f", "g"), cb),
                        "*4\r\n$4\r\nhdel\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\ng\r\n"),
                row("hlen", (c, cb) -> c.hlen("h", cb), "*2\r\n$4\r\nhlen\r\n$1\r\nh\r\n"),
                row("hget", (c, cb) -> c.hget("h", "f", cb), "*3\r\n$4\r\nhget\r\n$1\r\nh\r\n$1\r\nf\r\n"),
                row("hset", (c, cb) -> c.hset("h", "f", 1, cb),
                        "*4\r\n$4\r\nhset\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\n1\r\n"),
                row("hmget", (c, cb) -> c.hmget("h", List.of("f", "g"), cb),
                        "*4\r\n$5\r\nhmget\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\ng\r\n"),
                row("hmset in map order", (c, cb) -> c.hmset("h", ordered(Map.entry("g", 1), Map.entry("f", "v")), cb),
                        "*6\r\n$5\r\nhmset\r\n$1\r\nh\r\n$1\r\ng\r\n$1\r\n1\r\n$1\r\nf\r\n$1\r\nv\r\n"),
                row("hkeys", (c, cb) -> c.hkeys("h", cb), "*2\r\n$5\r\nhkeys\r\n$1\r\nh\r\n"),
                row("hvals", (c, cb) -> c.hvals("h", cb), "*2\r\n$5\r\nhvals\r\n$1\r\nh\r\n"),
                row("hgetall", (c, cb) -> c.hgetall("h", cb), "*2\r\n$7\r\nhgetall\r\n$1\r\nh\r\n"),
                row("hincrby", (c, cb) -> c.hincrby("h", "f", 3, cb),
                        "*4\r\n$7\r\nhincrby\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\n3\r\n"),
                row("hincrbyfloat of 0.1", (c, cb) -> c.hincrbyfloat("h", "f", 0.1, cb),
                        "*4\r\n$12\r\nhincrbyfloat\r\n$1\r\nh\r\n$1\r\nf\r\n$3\r\n0.1\r\n"),
                row("hincrbyfloat of 1.5e-05", (c, cb) -> c.hincrbyfloat("h", "f", 0.000015, cb),
                        "*4\r\n$12\r\nhincrbyfloat\r\n$1\r\nh\r\n$1\r\nf\r\n$7\r\n1.5e-05\r\n"),
                // sets
                row("scard", (c, cb) -> c.scard("s", cb), "*2\r\n$5\r\nscard\r\n$1\r\ns\r\n"),
                row("sadd", (c, cb) -> c.sadd("s", List.of("a", 1), cb),
                        "*4\r\n$4\r\nsadd\r\n$1\r\ns\r\n$1\r\na\r\n$1\r\n1\r\n"),
                row("srem", (c, cb) -> c.srem("s", List.of("a"), cb), "*3\r\n$4\r\nsrem\r\n$1\r\ns\r\n$1\r\na\r\n"),
                row("sismember", (c, cb) -> c.sismember("s", "a", cb),
                        "*3\r\n$9\r\nsismember\r\n$1\r\ns\r\n$1\r\na\r\n"),
                row("smembers", (c, cb) -> c.smembers("s", cb), "*2\r\n$8\r\nsmembers\r\n$1\r\ns\r\n"),
                row("sdiff", (c, cb) -> c.sdiff("a", "b", cb), "*3\r\n$5\r\nsdiff\r\n$1\r\na\r\n$1\r\nb\r\n"),
                row("sdiffstore destination first", (c, cb) -> c.sdiffstore("d", "a", "b", cb),
                        "*4\r\n$10\r\nsdiffstore\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n"),
                row("sinter", (c, cb) -> c.sinter("a", "b", cb), "*3\r\n$6\r\nsinter\r\n$1\r\na\r\n$1\r\nb\r\n"),
                row("sinterstore", (c, cb) -> c.sinterstore("d", "a", "b", cb),
                        "*4\r\n$11\r\nsinterstore\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n"),
                row("sunion", (c, cb) -> c.sunion("a", "b", cb), "*3\r\n$6\r\nsunion\r\n$1\r\na\r\n$1\r\nb\r\n"),
                row("sunionstore", (c, cb) -> c.sunionstore("d", "a", "b", cb),
                        "*4\r\n$11\r\nsunionstore\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n"),
                // sorted sets
                row("zcard", (c, cb) -> c.zcard("z", cb), "*2\r\n$5\r\nzcard\r\n$1\r\nz\r\n"),
                row("zadd score before member", (c, cb) -> c.zadd("z",
                        ordered(Map.entry("m1", 1.5), Map.entry("m2", 2), Map.entry("m3", 1e6)), cb),
                        "*8\r\n$4\r\nzadd\r\n$1\r\nz\r\n$3\r\n1.5\r\n$2\r\nm1\r\n$1\r\n2\r\n$2\r\nm2\r\n"
                                + "$5\r\n1e+06\r\n$2\r\nm3\r\n"),
                row("zcount", (c, cb) -> c.zcount("z", "-inf", 5, cb),
                        "*4\r\n$6\r\nzcount\r\n$1\r\nz\r\n$4\r\n-inf\r\n$1\r\n5\r\n"),
                row("zincrby delta before member", (c, cb) -> c.zincrby("z", "m", 2.5, cb),
                        "*4\r\n$7\r\nzincrby\r\n$1\r\nz\r\n$3\r\n2.5\r\n$1\r\nm\r\n"),
                row("zscore", (c, cb) -> c.zscore("z", "m", cb), "*3\r\n$6\r\nzscore\r\n$1\r\nz\r\n$1\r\nm\r\n"),
                row("zrank", (c, cb) -> c.zrank("z", "m", cb), "*3\r\n$5\r\nzrank\r\n$1\r\nz\r\n$1\r\nm\r\n"),
                row("zrevrank", (c, cb) -> c.zrevrank("z", "m", cb),
                        "*3\r\n$8\r\nzrevrank\r\n$1\r\nz\r\n$1\r\nm\r\n"),
                row("zrem", (c, cb) -> c.zrem("z", List.of("m", "n"), cb),
                        "*4\r\n$4\r\nzrem\r\n$1\r\nz\r\n$1\r\nm\r\n$1\r\nn\r\n"),
                row("zrange", (c, cb) -> c.zrange("z", 0, 10, cb),
                        "*4\r\n$6\r\nzrange\r\n$1\r\nz\r\n$1\r\n0\r\n$2\r\n10\r\n"),
                row("zrevrange", (c, cb) -> c.zrevrange("z", 0, -1, cb),
                        "*4\r\n$9\r\nzrevrange\r\n$1\r\nz\r\n$1\r\n0\r\n$2\r\n-1\r\n"),
                // scripting
                row("eval with numkeys, keys, then args", (c, cb) -> c.eval("return 1", List.of("k1", "k2"),
                        List.of("a", 7), cb),
                        "*7\r\n$4\r\neval\r\n$8\r\nreturn 1\r\n$1\r\n2\r\n$2\r\nk1\r\n$2\r\nk2\r\n$1\r\na\r\n$1\r\n7\r\n"),
                row("eval without keys", (c, cb) -> c.eval("return 1", List.of(), List.of(), cb),
                        "*3\r\n$4\r\neval\r\n$8\r\nreturn 1\r\n$1\r\n0\r\n"),
                row("evalsha", (c, cb) -> c.evalsha("e0e1f9fabfc9d4800c877a703b823ac0578ff8db", List.of("k"),
                        List.of(1), cb),
                        "*5\r\n$7\r\nevalsha\r\n$40\r\ne0e1f9fabfc9d4800c877a703b823ac0578ff8db\r\n$1\r\n1\r\n"
                                + "$1\r\nk\r\n$1\r\n1\r\n"),
                row("script load", (c, cb) -> c.scriptLoad("return 1", cb),
                        "*3\r\n$6\r\nscript\r\n$4\r\nload\r\n$8\r\nreturn 1\r\n"),
                // raw
                row("command from a list", (c, cb) -> c.command(List.of("object", "encoding", "k"), cb),
                        "*3\r\n$6\r\nobject\r\n$8\r\nencoding\r\n$1\r\nk\r\n"),
                row("command from varargs", (c, cb) -> c.command(cb, "pexpire", "k", 1500L),
                        "*3\r\n$7\r\npexpire\r\n$1\r\nk\r\n$4\r\n1500\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void sendsTheCommandAsLowerCaseRespBulkStringsToTheBareCluster(String name, RedisTestPlugin.Command command,
            String wire) {
        plugin.send(harness, command);

        PendingRedisCall call = harness.pendingRedisCalls().get(0);
        assertThat(List.of(call.cluster(), call.queryText())).containsExactly("outbound|6379||redis.static", wire);
    }

    @Test
    void sendsByteArrayArgumentsVerbatimEvenWhenTheyAreNotUtf8() {
        byte[] value = {0, (byte) 0xff, '\r', '\n', (byte) 0xc3};

        plugin.send(harness, (client, callback) -> client.set("k", value, callback));

        byte[] head = "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$5\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = Arrays.copyOf(head, head.length + value.length + 2);
        System.arraycopy(value, 0, expected, head.length, value.length);
        expected[expected.length - 2] = '\r';
        expected[expected.length - 1] = '\n';
        assertThat(harness.pendingRedisCalls().get(0).query()).isEqualTo(expected);
    }
}
