package io.wasmjava.maven;

import io.wasmjava.maven.WasmModuleSurface.Section;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stores a module's initial memory without its long runs of zero bytes. TeaVM writes all static data (class
 * structures, string constants, padding) as one active data segment, and a large share of it is zeros. Linear memory
 * starts zeroed, so a segment only needs the non-zero stretches: this class splits each active segment at every run
 * of at least {@link #MIN_ZERO_RUN} zero bytes (shorter runs cost less than a segment header) and drops leading and
 * trailing zeros. Memory after instantiation is byte for byte the same; nothing else in the module changes, except the
 * data-count section's number, which must match.
 *
 * <p>Only active segments of memory 0 with an {@code i32.const} offset (what TeaVM writes) are split; a module with
 * any other kind of segment is returned unchanged, as is one that would not get smaller.
 */
final class DataSegments {
    /** The shortest zero run worth a segment boundary: a segment header costs about 8 bytes. */
    static final int MIN_ZERO_RUN = 16;

    private static final int DATA_SECTION = 11;
    private static final int DATA_COUNT_SECTION = 12;
    private static final int I32_CONST = 0x41;
    private static final int END = 0x0B;

    private DataSegments() {
    }

    /** One active segment: its bytes are copied to memory at {@code offset}. */
    record Segment(long offset, byte[] bytes) {
    }

    /**
     * The module with its data segments compacted, or {@code module} itself if there is nothing to gain or a segment
     * is not of the supported kind.
     *
     * @throws MalformedWasmException if the module is not well formed where it is read
     */
    static byte[] compact(byte[] module) throws MalformedWasmException {
        WasmModuleSurface.parse(module);
        List<Section> sections = sections(module);
        List<Segment> segments = null;
        for (Section section : sections) {
            if (section.id() == DATA_SECTION) {
                segments = read(module, section);
                if (segments == null) {
                    return module;
                }
            }
        }
        if (segments == null) {
            return module;
        }
        List<Segment> split = new ArrayList<>();
        for (Segment segment : segments) {
            split.addAll(split(segment));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(module.length);
        out.write(module, 0, 8);
        for (Section section : sections) {
            if (section.id() == DATA_SECTION) {
                writeSection(out, DATA_SECTION, encode(split));
            } else if (section.id() == DATA_COUNT_SECTION) {
                ByteArrayOutputStream count = new ByteArrayOutputStream();
                unsigned(count, split.size());
                writeSection(out, DATA_COUNT_SECTION, count.toByteArray());
            } else {
                out.write(module, section.headerStart(), section.end() - section.headerStart());
            }
        }
        byte[] compacted = out.toByteArray();
        return compacted.length < module.length ? compacted : module;
    }

    /** The active segments of a module, in order (empty if it has no data section). */
    static List<Segment> segments(byte[] module) throws MalformedWasmException {
        for (Section section : sections(module)) {
            if (section.id() == DATA_SECTION) {
                List<Segment> segments = read(module, section);
                if (segments == null) {
                    throw new MalformedWasmException("the data section holds a segment that is not active with an "
                            + "i32.const offset", section.contentStart());
                }
                return segments;
            }
        }
        return List.of();
    }

    /** The non-zero stretches of {@code segment}, cut at zero runs of {@link #MIN_ZERO_RUN} bytes or more. */
    static List<Segment> split(Segment segment) {
        byte[] bytes = segment.bytes();
        List<Segment> pieces = new ArrayList<>();
        int start = -1;
        int zeros = 0;
        for (int i = 0; i <= bytes.length; i++) {
            boolean zero = i == bytes.length || bytes[i] == 0;
            if (!zero) {
                if (start < 0) {
                    start = i;
                }
                zeros = 0;
                continue;
            }
            zeros++;
            if (start >= 0 && (i == bytes.length || zeros == MIN_ZERO_RUN)) {
                int end = i - zeros + 1;
                pieces.add(new Segment(segment.offset() + start, Arrays.copyOfRange(bytes, start, end)));
                start = -1;
            }
        }
        return pieces;
    }

    private static List<Section> sections(byte[] module) throws MalformedWasmException {
        WasmModuleSurface.Cursor in = new WasmModuleSurface.Cursor(module, 8, module.length, "file");
        List<Section> sections = new ArrayList<>();
        while (in.hasMore()) {
            Section section = in.section();
            sections.add(section);
            in.skipTo(section.end());
        }
        return sections;
    }

    /** The section's segments, or null if one is not active on memory 0 with an {@code i32.const} offset. */
    private static List<Segment> read(byte[] module, Section section) throws MalformedWasmException {
        WasmModuleSurface.Cursor in = new WasmModuleSurface.Cursor(module, section.contentStart(), section.end(),
                "data section");
        long count = in.u32("segment count");
        List<Segment> segments = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            if (in.u32("segment flags") != 0 || in.u8("offset opcode") != I32_CONST) {
                return null;
            }
            long offset = signed32(in);
            if (in.u8("offset end") != END || offset < 0) {
                return null;
            }
            long length = in.u32("segment length");
            if (length > in.remaining()) {
                throw new MalformedWasmException("segment " + i + " declares " + length + " bytes but only "
                        + in.remaining() + " remain", in.offset());
            }
            int start = in.offset();
            segments.add(new Segment(offset, Arrays.copyOfRange(module, start, start + (int) length)));
            in.skipTo(start + (int) length);
        }
        if (in.hasMore()) {
            throw new MalformedWasmException("bytes after the last data segment", in.offset());
        }
        return segments;
    }

    /** A signed LEB128 number of at most 5 bytes (an {@code i32.const} immediate). */
    private static long signed32(WasmModuleSurface.Cursor in) throws MalformedWasmException {
        int start = in.offset();
        long value = 0;
        int shift = 0;
        for (int i = 0; i < 5; i++) {
            int b = in.u8("i32.const offset");
            value |= (long) (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                if ((b & 0x40) != 0) {
                    value |= -1L << shift;
                }
                return (int) value;
            }
        }
        throw new MalformedWasmException("i32.const offset: LEB128 number longer than 5 bytes", start);
    }

    private static byte[] encode(List<Segment> segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        unsigned(out, segments.size());
        for (Segment segment : segments) {
            out.write(0);
            out.write(I32_CONST);
            signed(out, (int) segment.offset());
            out.write(END);
            unsigned(out, segment.bytes().length);
            out.write(segment.bytes(), 0, segment.bytes().length);
        }
        return out.toByteArray();
    }

    private static void writeSection(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        unsigned(out, content.length);
        out.write(content, 0, content.length);
    }

    private static void unsigned(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }

    private static void signed(ByteArrayOutputStream out, int value) {
        while (true) {
            int b = value & 0x7f;
            value >>= 7;
            boolean done = value == 0 && (b & 0x40) == 0 || value == -1 && (b & 0x40) != 0;
            out.write(done ? b : b | 0x80);
            if (done) {
                return;
            }
        }
    }
}
