package io.wasmjava.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link DataSegments}: the initial memory stays byte for byte the same, stored without long zero runs. */
class DataSegmentsTest {
    private static byte[] zeros(int count) {
        return new byte[count];
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** An active segment on memory 0: flags 0, {@code i32.const offset}, end, then the bytes. */
    private static byte[] activeSegment(int offset, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0x41);
        int value = offset;
        while (true) {
            int b = value & 0x7f;
            value >>= 7;
            boolean done = value == 0 && (b & 0x40) == 0;
            out.write(done ? b : b | 0x80);
            if (done) {
                break;
            }
        }
        out.write(0x0B);
        out.writeBytes(WasmModuleBuilder.u32(bytes.length));
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    private static byte[] module(boolean dataCount, byte[]... segments) {
        byte[] data = concat(WasmModuleBuilder.u32(segments.length), concat(segments));
        return concat(WasmModuleBuilder.header(),
                dataCount ? WasmModuleBuilder.section(12, WasmModuleBuilder.u32(segments.length)) : new byte[0],
                WasmModuleBuilder.section(11, data));
    }

    private static String describe(List<DataSegments.Segment> segments) {
        List<String> out = new ArrayList<>();
        for (DataSegments.Segment segment : segments) {
            out.add(segment.offset() + ":" + Arrays.toString(segment.bytes()));
        }
        return String.join(" ", out);
    }

    /** The memory the segments produce, up to {@code size} bytes. */
    private static byte[] image(List<DataSegments.Segment> segments, int size) {
        byte[] memory = new byte[size];
        for (DataSegments.Segment segment : segments) {
            System.arraycopy(segment.bytes(), 0, memory, (int) segment.offset(), segment.bytes().length);
        }
        return memory;
    }

    @Test
    void zeroRunsOfSixteenOrMoreBytesSplitTheSegmentShorterOnesStay() throws Exception {
        byte[] original = module(false, activeSegment(1024, concat(new byte[] {1, 2, 3}, zeros(40),
                new byte[] {4, 5}, zeros(15), new byte[] {6}, zeros(16), new byte[] {7}, zeros(100))));

        byte[] compacted = DataSegments.compact(original);

        assertThat(describe(DataSegments.segments(compacted))).isEqualTo("1024:[1, 2, 3] "
                + "1067:[4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6] 1101:[7]");
        assertThat(compacted.length).isEqualTo(original.length - 40 - 16 - 100 + 2 * 5);
    }

    @Test
    void leadingAndTrailingZerosAreDroppedAndAnAllZeroSegmentDisappears() throws Exception {
        byte[] original = module(false, activeSegment(0, concat(zeros(20), new byte[] {9}, zeros(3))),
                activeSegment(500, zeros(64)));

        assertThat(describe(DataSegments.segments(DataSegments.compact(original)))).isEqualTo("20:[9]");
    }

    @Test
    void theInitialMemoryIsByteForByteTheSame() throws Exception {
        Random random = new Random(7);
        List<byte[]> segments = new ArrayList<>();
        int offset = 8;
        for (int s = 0; s < 5; s++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int run = 0; run < 200; run++) {
                // Non-zero stretches and zero runs of every length around the threshold.
                int length = 1 + random.nextInt(40);
                boolean zero = random.nextBoolean();
                for (int i = 0; i < length; i++) {
                    bytes.write(zero ? 0 : 1 + random.nextInt(255));
                }
            }
            segments.add(activeSegment(offset, bytes.toByteArray()));
            offset += bytes.size() + random.nextInt(100);
        }
        byte[] original = module(false, segments.toArray(new byte[0][]));

        byte[] compacted = DataSegments.compact(original);

        assertThat(compacted.length).isLessThan(original.length);
        assertThat(image(DataSegments.segments(compacted), offset))
                .isEqualTo(image(DataSegments.segments(original), offset));
    }

    @Test
    void theDataCountSectionGetsTheNewCount() throws Exception {
        byte[] compacted = DataSegments.compact(module(true, activeSegment(64,
                concat(new byte[] {1}, zeros(32), new byte[] {2}, zeros(32), new byte[] {3}))));

        assertThat(compacted).containsSubsequence(WasmModuleBuilder.section(12, WasmModuleBuilder.u32(3)));
        assertThat(describe(DataSegments.segments(compacted))).isEqualTo("64:[1] 97:[2] 130:[3]");
    }

    @Test
    void aModuleWithAPassiveSegmentOrNothingToGainIsReturnedUnchanged() throws Exception {
        byte[] passive = concat(WasmModuleBuilder.header(), WasmModuleBuilder.section(11, concat(
                WasmModuleBuilder.u32(2), activeSegment(0, concat(new byte[] {1}, zeros(64), new byte[] {2})),
                new byte[] {1}, WasmModuleBuilder.u32(3), new byte[] {4, 5, 6})));
        byte[] dense = module(false, activeSegment(0, new byte[] {1, 2, 3, 0, 0, 4}));
        byte[] noData = WasmModuleBuilder.header();

        assertThat(DataSegments.compact(passive)).isSameAs(passive);
        assertThat(DataSegments.compact(dense)).isSameAs(dense);
        assertThat(DataSegments.compact(noData)).isSameAs(noData);
    }

    @Test
    void aTruncatedSegmentIsReportedWithItsOffset() {
        byte[] truncated = concat(WasmModuleBuilder.header(), WasmModuleBuilder.section(11, concat(
                WasmModuleBuilder.u32(1), new byte[] {0, 0x41, 0, 0x0B}, WasmModuleBuilder.u32(10),
                new byte[] {1, 2})));

        assertThatThrownBy(() -> DataSegments.compact(truncated)).isInstanceOf(MalformedWasmException.class)
                .hasMessageContaining("segment 0 declares 10 bytes but only 2 remain");
    }
}
