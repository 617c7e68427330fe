package io.wasmjava.bench.jmh;

import io.wasmjava.redis.resp.RespDecoder;
import io.wasmjava.redis.resp.RespValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.RedisInputStream;

/**
 * RESP decoding throughput on the JVM: our {@link RespDecoder} against Jedis's protocol reader
 * ({@code Protocol.read(RedisInputStream)}), one reply per operation, on the replies of {@link RespCorpus}. Two
 * pairs, each library used the way it is meant to be:
 *
 * <ul>
 *   <li><b>One reply in a byte array</b> (what a plugin gets in {@code proxy_on_redis_call_response}):
 *       {@link #oursDecodeOne} ({@code RespDecoder.decodeOne(bytes)}) against {@link #jedisFreshStream} (a new
 *       {@code RedisInputStream} over a {@code ByteArrayInputStream}, its buffer sized to the reply).</li>
 *   <li><b>A connection's stream</b>, replies back to back, delivered in reads of at most 8 KiB (Jedis's buffer
 *       size) that never cross a reply's end: {@link #oursReadFrom} (one reused decoder reading the stream with
 *       {@code readFrom}, then {@code next}) against {@link #jedisReusedStream} (one reused
 *       {@code RedisInputStream}). {@link #oursIncremental} is the same with the push API a plugin has: each read
 *       into a chunk of the caller's, then {@code feed} (one copy more).</li>
 * </ul>
 *
 * <p>Jedis throws {@code JedisDataException} for an error reply (our decoder returns a value); the benchmark
 * catches and returns it, so the {@code error} case includes the cost of that exception. Run with
 * {@code bench/jmh.sh}; results are in bench/README.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RespDecodeBenchmark {
    /** Jedis's default {@code RedisInputStream} buffer, used as the read size for both stream cases. */
    static final int READ_SIZE = 8192;

    @Param({"script_reply", "integer", "error", "bulk_16", "bulk_1k", "bulk_64k", "array_100_bulks", "nested"})
    String corpus;

    private byte[] reply;
    private final byte[] chunk = new byte[READ_SIZE];
    private RespDecoder decoder;
    private Replay oursStream;
    private RespDecoder readingDecoder;
    private Replay oursReadStream;
    private RedisInputStream jedisStream;

    @Setup
    public void setUp() {
        reply = RespCorpus.of(corpus);
        decoder = new RespDecoder();
        oursStream = new Replay(reply);
        readingDecoder = new RespDecoder();
        oursReadStream = new Replay(reply);
        jedisStream = new RedisInputStream(new Replay(reply), READ_SIZE);
        // Both readers must understand the corpus, or the figures compare nothing.
        RespValue decoded = RespDecoder.decodeOne(reply);
        Object jedis = jedisFreshStream();
        if (decoded.isError() != (jedis instanceof JedisDataException)) {
            throw new IllegalStateException(corpus + ": ours decoded " + decoded + ", Jedis " + jedis);
        }
    }

    @Benchmark
    public RespValue oursDecodeOne() {
        return RespDecoder.decodeOne(reply);
    }

    @Benchmark
    public RespValue oursIncremental() {
        return feed(decoder, oursStream, chunk);
    }

    @Benchmark
    public RespValue oursReadFrom() throws IOException {
        return readFrom(readingDecoder, oursReadStream);
    }

    @Benchmark
    public Object jedisFreshStream() {
        // Buffer sized to the reply: Jedis's default 8 KiB buffer would cost small replies more than decoding.
        return jedis(new RedisInputStream(new ByteArrayInputStream(reply), reply.length));
    }

    @Benchmark
    public Object jedisReusedStream() {
        return jedis(jedisStream);
    }

    // The operations themselves, public so that the interleaved harness measures exactly the same calls.

    /** The next reply with the push API: each read of {@code stream} into {@code chunk}, then {@code feed}. */
    public static RespValue feed(RespDecoder decoder, Replay stream, byte[] chunk) {
        RespValue value;
        while ((value = decoder.next()) == null) {
            int read = stream.read(chunk, 0, chunk.length);
            decoder.feed(chunk, 0, read);
        }
        return value;
    }

    /** The next reply with the decoder reading {@code stream} itself. */
    public static RespValue readFrom(RespDecoder decoder, Replay stream) throws IOException {
        RespValue value;
        while ((value = decoder.next()) == null) {
            decoder.readFrom(stream);
        }
        return value;
    }

    /** The next reply by Jedis; an error reply is thrown as {@link JedisDataException}, returned here as the value. */
    public static Object jedis(RedisInputStream in) {
        try {
            return Protocol.read(in);
        } catch (JedisDataException e) {
            return e;
        }
    }

    /**
     * An endless stream of one reply repeated, each read ending at the latest where the current reply ends. Public for
     * the interleaved harness, which feeds the same stream.
     */
    public static final class Replay extends InputStream {
        private final byte[] data;
        private int position;

        public Replay(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            int b = data[position] & 0xff;
            position = position + 1 == data.length ? 0 : position + 1;
            return b;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            int count = Math.min(length, data.length - position);
            System.arraycopy(data, position, target, offset, count);
            position = position + count == data.length ? 0 : position + count;
            return count;
        }
    }
}
