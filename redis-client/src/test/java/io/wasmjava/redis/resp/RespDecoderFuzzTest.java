package io.wasmjava.redis.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Seeded random testing of the decoder: 120,000 inputs per run (30,000 round trips, 60,000 mutated encodings,
 * 20,000 random byte strings, 10,000 mutations under tight limits), deterministic, with the seed and the failing
 * input in every failure message. Rerun one seed with {@code -Dresp.fuzz.seed=N}; scale the run with
 * {@code -Dresp.fuzz.scale=10}.
 */
class RespDecoderFuzzTest {

    private static final long SEED = Long.getLong("resp.fuzz.seed", 0x5EED_2024L);
    private static final int SCALE = Integer.getInteger("resp.fuzz.scale", 1);

    static final int ROUND_TRIPS = 30_000 * SCALE;
    static final int MUTATIONS = 60_000 * SCALE;
    static final int RANDOM_INPUTS = 20_000 * SCALE;
    static final int TIGHT_LIMIT_INPUTS = 10_000 * SCALE;

    /** The outcome of decoding one input: the values returned, then either an exception or "needs more bytes". */
    private static final class Outcome {
        final List<RespValue> values = new ArrayList<>();
        RespProtocolException failure;
        int leftover;

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Outcome)) {
                return false;
            }
            Outcome other = (Outcome) o;
            return values.equals(other.values) && leftover == other.leftover
                    && (failure == null ? other.failure == null
                            : other.failure != null && failure.offset() == other.failure.offset());
        }

        @Override
        public int hashCode() {
            return Objects.hash(values, leftover);
        }

        @Override
        public String toString() {
            return values + (failure != null ? " then " + failure.getMessage() : " then needs more (" + leftover
                    + " bytes buffered)");
        }
    }

    @Test
    void randomValuesRoundTripThroughEncodeAndDecodeWithRandomChunking() {
        Random random = new Random(SEED);
        RespGenerator generator = new RespGenerator(random, false);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                RespValue value = i % 50 == 0 ? generator.deepValue() : generator.value(4);
                byte[] wire = RespEncoder.encode(value);
                int iteration = i;
                RespValue whole = RespDecoder.decodeOne(wire);
                check(whole.equals(value), () -> context("round trip", iteration, wire) + ": decodeOne gave " + whole);
                Outcome chunked = decode(wire, generator.chunkSizes(wire.length), RespDecoder.Limits.defaults());
                check(chunked.failure == null && chunked.values.equals(List.of(value)) && chunked.leftover == 0,
                        () -> context("round trip", iteration, wire) + ": chunked decoding gave " + chunked);
            }
        });
    }

    @Test
    void mutatedEncodingsDecodeOrFailOnlyWithRespProtocolExceptionIndependentOfChunking() {
        Random random = new Random(SEED + 1);
        RespGenerator generator = new RespGenerator(random, false);
        List<RespCorpus.Case> corpus = RespCorpus.valid();
        int[] outcomes = new int[3]; // decoded something / failed / needs more
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] original = random.nextInt(4) == 0
                        ? corpus.get(random.nextInt(corpus.size())).wire
                        : RespEncoder.encode(i % 50 == 0 ? generator.deepValue() : generator.value(3));
                byte[] input = generator.mutate(original);
                checkOneInput(input, generator, "mutation", i, outcomes);
            }
        });
        // The mutations must exercise every path, not just one.
        assertThat(outcomes[0]).as("decoded something").isGreaterThan(MUTATIONS / 50);
        assertThat(outcomes[1]).as("failed").isGreaterThan(MUTATIONS / 50);
        assertThat(outcomes[2]).as("needed more bytes").isGreaterThan(MUTATIONS / 50);
        System.out.printf("RespDecoderFuzzTest: %d mutated inputs (seed %d): %d decoded, %d rejected, %d incomplete%n",
                MUTATIONS, SEED, outcomes[0], outcomes[1], outcomes[2]);
    }

    @Test
    void randomBytesDecodeOrFailOnlyWithRespProtocolException() {
        Random random = new Random(SEED + 2);
        RespGenerator generator = new RespGenerator(random, false);
        int[] outcomes = new int[3];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < RANDOM_INPUTS; i++) {
                byte[] input = new byte[random.nextInt(40)];
                for (int j = 0; j < input.length; j++) {
                    input[j] = random.nextBoolean() ? generator.interestingByte() : (byte) random.nextInt(256);
                }
                checkOneInput(input, generator, "random bytes", i, outcomes);
            }
        });
        assertThat(outcomes[1]).isGreaterThan(RANDOM_INPUTS / 2);
    }

    @Test
    void mutatedInputsStayWithinTightLimits() {
        Random random = new Random(SEED + 3);
        RespGenerator generator = new RespGenerator(random, false);
        RespDecoder.Limits tight = RespDecoder.Limits.defaults().withMaxBulkLength(16).withMaxArrayLength(4)
                .withMaxNestingDepth(3).withMaxInlineLength(8);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < TIGHT_LIMIT_INPUTS; i++) {
                byte[] input = generator.mutate(RespEncoder.encode(generator.value(5)));
                int iteration = i;
                Outcome outcome = decode(input, generator.chunkSizes(input.length), tight);
                for (RespValue value : outcome.values) {
                    check(withinLimits(value, tight, 0), () -> context("tight limits", iteration, input) + ": " + value);
                }
            }
        });
    }

    /** Decodes {@code input} in one piece and in random chunks: same outcome, and only protocol exceptions. */
    private static void checkOneInput(byte[] input, RespGenerator generator, String kind, int iteration,
            int[] outcomes) {
        Outcome whole = decode(input, new int[] {input.length}, RespDecoder.Limits.defaults());
        Outcome chunked = decode(input, generator.chunkSizes(input.length), RespDecoder.Limits.defaults());
        check(chunked.equals(whole), () -> context(kind, iteration, input) + ": in one piece " + whole
                + " but in chunks " + chunked);
        for (RespValue value : whole.values) {
            // Whatever decodes must be a well-formed value: it re-encodes and decodes back to itself.
            RespValue again = RespDecoder.decodeOne(RespEncoder.encode(value));
            check(again.equals(value), () -> context(kind, iteration, input) + ": " + value + " re-decoded as " + again);
        }
        outcomes[whole.failure != null ? 1 : whole.values.isEmpty() ? 2 : 0]++;
    }

    /** Feeds the chunks, draining after each; any exception but RespProtocolException propagates and fails. */
    private static Outcome decode(byte[] input, int[] chunkSizes, RespDecoder.Limits limits) {
        Outcome outcome = new Outcome();
        RespDecoder decoder = new RespDecoder(limits);
        int at = 0;
        try {
            for (int size : chunkSizes) {
                decoder.feed(input, at, size);
                at += size;
                for (RespValue value = decoder.next(); value != null; value = decoder.next()) {
                    outcome.values.add(value);
                }
            }
            outcome.leftover = decoder.buffered();
        } catch (RespProtocolException e) {
            outcome.failure = e;
        }
        return outcome;
    }

    /** Fails with the message only when needed: building it for every input would dominate the run time. */
    private static void check(boolean ok, Supplier<String> message) {
        if (!ok) {
            fail(message.get());
        }
    }

    private static boolean withinLimits(RespValue value, RespDecoder.Limits limits, int depth) {
        switch (value.type()) {
            case BULK_STRING:
                return value.isNull() || value.asBytes().length <= limits.maxBulkLength();
            case SIMPLE_STRING:
            case ERROR:
                return value.asBytes().length <= limits.maxInlineLength();
            case ARRAY:
                if (depth + 1 > limits.maxNestingDepth()) {
                    return false;
                }
                if (value.isNull()) {
                    return true;
                }
                if (value.asArray().size() > limits.maxArrayLength()) {
                    return false;
                }
                for (RespValue element : value.asArray()) {
                    if (!withinLimits(element, limits, depth + 1)) {
                        return false;
                    }
                }
                return true;
            default:
                return true;
        }
    }

    private static String context(String kind, int iteration, byte[] input) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(input.length, 400); i++) {
            hex.append(Character.forDigit((input[i] >> 4) & 0xf, 16)).append(Character.forDigit(input[i] & 0xf, 16));
        }
        return kind + " #" + iteration + " (seed " + SEED + ", rerun with -Dresp.fuzz.seed=" + SEED + "), input hex "
                + hex + (input.length > 400 ? "..." : "");
    }
}
