package io.wasmjava.bench.harness;

import static io.wasmjava.bench.jmh.RespDecodeBenchmark.feed;
import static io.wasmjava.bench.jmh.RespDecodeBenchmark.jedis;
import static io.wasmjava.bench.jmh.RespDecodeBenchmark.readFrom;

import io.wasmjava.bench.jmh.RespCorpus;
import io.wasmjava.bench.jmh.RespDecodeBenchmark.Replay;
import io.wasmjava.redis.resp.RespDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import redis.clients.jedis.util.RedisInputStream;

/**
 * One RESP decoding pair of {@code RespDecodeBenchmark} (ours against Jedis's protocol reader), measured
 * <em>interleaved</em>: the two sides run for a short slice in turn, round after round, and each round gives one ratio
 * ours / Jedis; the report is the median ratio and its quartiles. On a shared machine whose speed drifts by tens of
 * percent within a minute, JMH's consecutive runs compare different machines; paired slices compare the same one.
 * One pair per JVM (as JMH forks one JVM per benchmark), so that no other way of decoding shapes the JIT's profile of
 * the code under test. Same replies, same streams and same API use as the JMH benchmark.
 *
 * <pre>RespDecodeInterleaved decodeOne|readFrom|feed [--rounds 40] [--slice-millis 20] [reply ...]
 *     (default: every reply of RespCorpus)</pre>
 *
 * <ul>
 *   <li>{@code decodeOne}: {@code RespDecoder.decodeOne(bytes)} against a new {@code RedisInputStream} per reply;</li>
 *   <li>{@code readFrom}: a reused decoder reading the stream ({@code readFrom}, {@code next}) against a reused
 *       {@code RedisInputStream};</li>
 *   <li>{@code feed}: the same with the push API ({@code feed} each read, {@code next}).</li>
 * </ul>
 */
public final class RespDecodeInterleaved {
    private static final int READ_SIZE = 8192;

    private static Object sink;

    private final String pair;
    private final byte[] reply;
    private final byte[] chunk = new byte[READ_SIZE];
    private final RespDecoder decoder = new RespDecoder();
    private final Replay oursStream;
    private final RedisInputStream jedisStream;

    private RespDecodeInterleaved(String pair, byte[] reply) {
        this.pair = pair;
        this.reply = reply;
        this.oursStream = new Replay(reply);
        this.jedisStream = new RedisInputStream(new Replay(reply), READ_SIZE);
    }

    public static void main(String[] args) {
        if (args.length == 0 || !List.of("decodeOne", "readFrom", "feed").contains(args[0])) {
            System.err.println("usage: RespDecodeInterleaved decodeOne|readFrom|feed [--rounds 40] "
                    + "[--slice-millis 20] [reply ...]");
            System.exit(2);
        }
        String pair = args[0];
        int rounds = 40;
        int sliceMillis = 20;
        List<String> replies = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds":
                    rounds = Integer.parseInt(args[++i]);
                    break;
                case "--slice-millis":
                    sliceMillis = Integer.parseInt(args[++i]);
                    break;
                default:
                    replies.add(args[i]);
            }
        }
        if (replies.isEmpty()) {
            replies = RespCorpus.NAMES;
        }
        for (String name : replies) {
            System.out.println(new RespDecodeInterleaved(pair, RespCorpus.of(name)).measure(name, rounds,
                    sliceMillis));
        }
    }

    private String measure(String name, int rounds, int sliceMillis) {
        double[] ratios = new double[rounds];
        // Ten unrecorded rounds first: the JIT compiles both sides before either is measured.
        for (int round = -10; round < rounds; round++) {
            double ours = opsPerSecond(true, sliceMillis);
            double jedis = opsPerSecond(false, sliceMillis);
            if (round >= 0) {
                ratios[round] = ours / jedis;
            }
        }
        Arrays.sort(ratios);
        int n = ratios.length;
        return String.format(Locale.ROOT, "%s %s: ours / Jedis **%.2f×** (quartiles %.2f–%.2f)", pair, name,
                ratios[n / 2], ratios[n / 4], ratios[3 * n / 4]);
    }

    private double opsPerSecond(boolean ours, int sliceMillis) {
        long begin = System.nanoTime();
        long deadline = begin + sliceMillis * 1_000_000L;
        long operations;
        if (!ours) {
            operations = pair.equals("decodeOne") ? jedisFreshLoop(deadline) : jedisReusedLoop(deadline);
        } else if (pair.equals("decodeOne")) {
            operations = decodeOneLoop(deadline);
        } else if (pair.equals("readFrom")) {
            operations = readFromLoop(deadline);
        } else {
            operations = feedLoop(deadline);
        }
        return operations * 1e9 / (System.nanoTime() - begin);
    }

    // One loop per side, so each is compiled for its own calls alone.

    private long decodeOneLoop(long deadline) {
        long operations = 0;
        do {
            for (int i = 0; i < 64; i++) {
                sink = RespDecoder.decodeOne(reply);
            }
            operations += 64;
        } while (System.nanoTime() < deadline);
        return operations;
    }

    private long readFromLoop(long deadline) {
        long operations = 0;
        try {
            do {
                for (int i = 0; i < 64; i++) {
                    sink = readFrom(decoder, oursStream);
                }
                operations += 64;
            } while (System.nanoTime() < deadline);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return operations;
    }

    private long feedLoop(long deadline) {
        long operations = 0;
        do {
            for (int i = 0; i < 64; i++) {
                sink = feed(decoder, oursStream, chunk);
            }
            operations += 64;
        } while (System.nanoTime() < deadline);
        return operations;
    }

    private long jedisFreshLoop(long deadline) {
        long operations = 0;
        do {
            for (int i = 0; i < 64; i++) {
                sink = jedis(new RedisInputStream(new ByteArrayInputStream(reply), reply.length));
            }
            operations += 64;
        } while (System.nanoTime() < deadline);
        return operations;
    }

    private long jedisReusedLoop(long deadline) {
        long operations = 0;
        do {
            for (int i = 0; i < 64; i++) {
                sink = jedis(jedisStream);
            }
            operations += 64;
        } while (System.nanoTime() < deadline);
        return operations;
    }
}
