package io.wasmjava.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.Headers;
import io.wasmjava.host.HttpStream;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A module loads whatever the size of its static data. TeaVM's start function calls {@code WasmHeap.initHeap(start)}
 * with {@code start} the end of the static data, and the module declares just enough initial pages to hold that data.
 * {@code initHeap} puts a 512-byte buffer and then the shadow stack at {@code start}, and grows linear memory only
 * after that. When the compat plugin rewrote the runtime's divisions into managed helper calls, each call wrote a
 * shadow-stack frame there before the memory existed: a module whose static data ended a little more than 512 bytes
 * or less below a 64 KiB page boundary trapped at instantiation (found with the phase-matrix plugin, whose data ended 188 bytes below
 * its second page).
 *
 * <p>Compiling plugins until one lands in that window would take minutes per try, so each case takes the compiled
 * probe and moves {@code start} (the constant the start function passes to {@code initHeap}) to {@code gap} bytes
 * below a page boundary, with the initial pages ending at that boundary: what the compiler emits for static data of
 * that size (the bytes in between are zero, as unused static data is). Each case then runs in a fresh VM.
 */
class StartLayoutWasmIT {
    private static final Path PATCHED = Path.of("target/main.wasm");
    private static final Path UNPATCHED = Path.of("target/probe-without-unmanaged-fix.wasm");
    private static final int PAGE_BYTES = 65_536;

    /**
     * Bytes between the end of the static data and the next page boundary. The shadow stack begins 512 bytes after
     * the (16-aligned) data end, and a helper's frame a few words into it: up to 520 every case crosses the boundary
     * (the exact edge depends on the frames TeaVM emits, so no case sits on it), from 1024 on none does.
     */
    private static final int[] GAPS = {0, 16, 188, 512, 520, 1024, 4096, 65_520};

    @Test
    void aModuleLoadsAndServesWhereverItsStaticDataEnds() throws IOException {
        assertThat(outcomes(PATCHED, "patched")).isEqualTo("........");
    }

    @Test
    void withTheRuntimeRewrittenItTrapsAtInstantiationBelowAPageBoundary() throws IOException {
        // The negative fixture: the same probe compiled with wasmjava.unmanagedFix=false.
        assertThat(outcomes(UNPATCHED, "unpatched")).isEqualTo("XXXXX...");
    }

    /** One character per gap, each in a fresh VM: '.' the module loaded and answered, 'X' it trapped. */
    private static String outcomes(Path module, String label) throws IOException {
        byte[] original = Files.readAllBytes(module);
        Path directory = Files.createDirectories(Path.of("target/start-layout"));
        StringBuilder outcomes = new StringBuilder();
        for (int gap : GAPS) {
            Path moved = directory.resolve(label + "-gap-" + gap + ".wasm");
            Files.write(moved, StartLayout.of(original).withDataEndingBelowBoundary(gap));
            String outcome;
            try (PluginHarness harness = PluginHarness.builder(Engines.wasm(moved)).config("{}").build()) {
                assertThat(harness.start()).isTrue();
                HttpStream stream = harness.newStream();
                stream.requestHeaders(Headers.of(":method", "GET", ":path", "/", ":authority", "probe",
                        "x-probe", "int-divide", "x-operand", "7"), true);
                outcome = stream.localResponse().bodyText();
            } catch (RuntimeException trap) {
                assertThat(trap).hasStackTraceContaining(Traps.outOfBoundsMemoryAccess());
                outcome = "trap";
            }
            outcomes.append(outcome.equals("142") ? '.' : outcome.equals("trap") ? 'X' : '?');
        }
        return outcomes.toString();
    }

    /**
     * Where a TeaVM module keeps the three numbers of its memory layout: the initial page count (memory section), the
     * end of its static data (data section) and that same end passed by the start function to {@code initHeap} as an
     * {@code i32.const}. Offsets are into the module's bytes.
     */
    record StartLayout(byte[] module, int initialPagesOffset, int initialPagesLength, int dataEnd,
            int heapStartOffset, int heapStartLength) {
        private static final int MEMORY_SECTION = 5;
        private static final int START_SECTION = 8;
        private static final int CODE_SECTION = 10;
        private static final int DATA_SECTION = 11;
        private static final int IMPORT_SECTION = 2;
        private static final int I32_CONST = 0x41;

        static StartLayout of(byte[] module) {
            Reader reader = new Reader(module, 8);
            int initialPagesOffset = -1;
            int initialPagesLength = 0;
            int importedFunctions = 0;
            int startFunction = -1;
            int codeOffset = -1;
            int dataEnd = -1;
            while (reader.position < module.length) {
                int id = reader.u8();
                int size = reader.unsigned();
                int end = reader.position + size;
                if (id == IMPORT_SECTION) {
                    importedFunctions = importedFunctions(reader);
                } else if (id == MEMORY_SECTION) {
                    assertThat(reader.unsigned()).as("memories").isEqualTo(1);
                    reader.u8();
                    initialPagesOffset = reader.position;
                    reader.unsigned();
                    initialPagesLength = reader.position - initialPagesOffset;
                } else if (id == START_SECTION) {
                    startFunction = reader.unsigned();
                } else if (id == CODE_SECTION) {
                    codeOffset = reader.position;
                } else if (id == DATA_SECTION) {
                    dataEnd = dataEnd(reader);
                }
                reader.position = end;
            }
            assertThat(new int[] {initialPagesOffset, startFunction, codeOffset, dataEnd}).doesNotContain(-1);
            assertThat(initialPagesOf(module, initialPagesOffset)).as("initial pages cover the static data exactly")
                    .isEqualTo((dataEnd + PAGE_BYTES - 1) / PAGE_BYTES);
            Reader code = new Reader(module, codeOffset);
            code.unsigned();
            for (int i = 0; i < startFunction - importedFunctions; i++) {
                code.skipVector();
            }
            int bodySize = code.unsigned();
            byte[] needle = concat(new byte[] {I32_CONST}, Reader.signed(dataEnd, 0));
            int found = -1;
            for (int at = code.position; at + needle.length <= code.position + bodySize; at++) {
                if (java.util.Arrays.equals(module, at, at + needle.length, needle, 0, needle.length)) {
                    assertThat(found).as("one i32.const %d in the start function", dataEnd).isEqualTo(-1);
                    found = at;
                }
            }
            assertThat(found).as("the start function passes the data end %d to initHeap", dataEnd).isNotEqualTo(-1);
            return new StartLayout(module, initialPagesOffset, initialPagesLength, dataEnd, found + 1,
                    needle.length - 1);
        }

        /**
         * The module as the compiler would emit it for static data ending {@code gap} bytes below the first page
         * boundary that leaves room for the real data: the heap start and the initial pages change, nothing else.
         */
        byte[] withDataEndingBelowBoundary(int gap) {
            int boundary = (dataEnd + gap + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES;
            byte[] moved = module.clone();
            put(moved, heapStartOffset, Reader.signed(boundary - gap, heapStartLength));
            put(moved, initialPagesOffset, Reader.unsigned(boundary / PAGE_BYTES, initialPagesLength));
            return moved;
        }

        private static int importedFunctions(Reader reader) {
            int functions = 0;
            int count = reader.unsigned();
            for (int i = 0; i < count; i++) {
                reader.skipVector();
                reader.skipVector();
                int kind = reader.u8();
                switch (kind) {
                    case 0 -> {
                        reader.unsigned();
                        functions++;
                    }
                    case 1 -> {
                        reader.u8();
                        limits(reader);
                    }
                    case 2 -> limits(reader);
                    case 3 -> reader.position += 2;
                    default -> throw new AssertionError("import kind " + kind);
                }
            }
            return functions;
        }

        private static void limits(Reader reader) {
            boolean hasMax = (reader.u8() & 1) != 0;
            reader.unsigned();
            if (hasMax) {
                reader.unsigned();
            }
        }

        /** The highest end of an active segment of memory 0 whose offset is an {@code i32.const}. */
        private static int dataEnd(Reader reader) {
            int end = 0;
            int count = reader.unsigned();
            for (int i = 0; i < count; i++) {
                assertThat(reader.unsigned()).as("active data segment of memory 0").isZero();
                assertThat(reader.u8()).as("i32.const offset").isEqualTo(I32_CONST);
                int offset = reader.signedValue();
                assertThat(reader.u8()).as("end of the offset expression").isEqualTo(0x0b);
                int size = reader.unsigned();
                reader.position += size;
                end = Math.max(end, offset + size);
            }
            return end;
        }

        private static int initialPagesOf(byte[] module, int offset) {
            return new Reader(module, offset).unsigned();
        }

        private static void put(byte[] target, int offset, byte[] bytes) {
            System.arraycopy(bytes, 0, target, offset, bytes.length);
        }

        private static byte[] concat(byte[] first, byte[] second) {
            byte[] result = java.util.Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, result, first.length, second.length);
            return result;
        }
    }

    /** LEB128 as the Wasm binary format uses it; encodings can be padded to a length, which Wasm accepts. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        /** Skips a length-prefixed run of bytes (a name, a function body). */
        void skipVector() {
            int length = unsigned();
            position += length;
        }

        int u8() {
            return bytes[position++] & 0xff;
        }

        int unsigned() {
            return leb128(false);
        }

        int signedValue() {
            return leb128(true);
        }

        /** A LEB128 value; a signed one takes the sign from bit 6 of its last byte. */
        private int leb128(boolean signed) {
            int result = 0;
            int shift = 0;
            int b;
            do {
                b = u8();
                result |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return signed && shift < 32 && (b & 0x40) != 0 ? result | (-1 << shift) : result;
        }

        /** Unsigned LEB128 of {@code value}, padded to {@code length} bytes. */
        static byte[] unsigned(int value, int length) {
            return encode(value, length, false);
        }

        /** Signed LEB128 of {@code value}: the shortest encoding if {@code length} is 0, else padded to it. */
        static byte[] signed(int value, int length) {
            return encode(value, length, true);
        }

        private static byte[] encode(int value, int length, boolean signed) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rest = value;
            while (true) {
                int b = rest & 0x7f;
                rest >>= 7;
                boolean done = signed ? (rest == 0 && (b & 0x40) == 0) || (rest == -1 && (b & 0x40) != 0)
                        : rest == 0;
                if (done && (length == 0 || out.size() + 1 >= length)) {
                    out.write(b);
                    break;
                }
                out.write(b | 0x80);
            }
            byte[] encoded = out.toByteArray();
            assertThat(length == 0 || encoded.length == length).as("%d fits in %d LEB128 bytes", value, length)
                    .isTrue();
            return encoded;
        }
    }
}
