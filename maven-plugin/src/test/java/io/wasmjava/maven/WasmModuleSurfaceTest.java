package io.wasmjava.maven;

import static io.wasmjava.maven.WasmModuleBuilder.concat;
import static io.wasmjava.maven.WasmModuleBuilder.header;
import static io.wasmjava.maven.WasmModuleBuilder.name;
import static io.wasmjava.maven.WasmModuleBuilder.section;
import static io.wasmjava.maven.WasmModuleBuilder.u32;
import static io.wasmjava.maven.WasmModuleSurface.ValueType.F32;
import static io.wasmjava.maven.WasmModuleSurface.ValueType.F64;
import static io.wasmjava.maven.WasmModuleSurface.ValueType.I32;
import static io.wasmjava.maven.WasmModuleSurface.ValueType.I64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.maven.WasmModuleSurface.Export;
import io.wasmjava.maven.WasmModuleSurface.FunctionType;
import io.wasmjava.maven.WasmModuleSurface.Import;
import io.wasmjava.maven.WasmModuleSurface.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WasmModuleSurfaceTest {

    /** A module with every kind of import and export, and functions of every signature shape. */
    private static byte[] everyKindModule() {
        return new WasmModuleBuilder()
                .importFunction("env", "proxy_log", "(i32,i32,i32)->i32")
                .importFunction("teavmMath", "sin", "(f64)->f64")
                .importFunction("env", "proxy_done", "()->()")
                .importFunction("x", "multi", "(i64)->(i32,f32)")
                .importTable("env", "table")
                .importMemory("env", "memory")
                .importGlobal("env", "counter")
                .exportMemory("memory")
                .exportFunction("_start")
                .exportGlobal("counter")
                .build();
    }

    @Test
    void readsImportsWithSignaturesAndExportsWithKinds() throws Exception {
        byte[] binary = everyKindModule();

        WasmModuleSurface surface = WasmModuleSurface.parse(binary);

        assertThat(surface.imports()).containsExactly(
                Import.function("env", "proxy_log", new FunctionType(List.of(I32, I32, I32), List.of(I32))),
                Import.function("teavmMath", "sin", new FunctionType(List.of(F64), List.of(F64))),
                Import.function("env", "proxy_done", new FunctionType(List.of(), List.of())),
                Import.function("x", "multi", new FunctionType(List.of(I64), List.of(I32, F32))),
                new Import("env", "table", Kind.TABLE, Optional.empty()),
                new Import("env", "memory", Kind.MEMORY, Optional.empty()),
                new Import("env", "counter", Kind.GLOBAL, Optional.empty()));
        assertThat(surface.exports()).containsExactly(
                new Export("memory", Kind.MEMORY), new Export("_start", Kind.FUNC), new Export("counter", Kind.GLOBAL));
        assertThat(surface.sizeBytes()).isEqualTo(binary.length);
    }

    @Test
    void printsImportsWithTheirSignatureOrKind() throws Exception {
        assertThat(WasmModuleSurface.parse(everyKindModule()).imports()).map(Import::toString).containsExactly(
                "env.proxy_log (i32,i32,i32)->i32", "teavmMath.sin (f64)->f64", "env.proxy_done ()->()",
                "x.multi (i64)->(i32,f32)", "env.table (table)", "env.memory (memory)", "env.counter (global)");
    }

    @Test
    void readsModuleWithoutSectionsAsEmptySurface() throws Exception {
        WasmModuleSurface surface = WasmModuleSurface.parse(header());

        assertThat(surface.imports()).isEmpty();
        assertThat(surface.exports()).isEmpty();
        assertThat(surface.sizeBytes()).isEqualTo(8);
    }

    @Test
    void skipsOtherSectionsByTheirSize() throws Exception {
        byte[] garbage = new byte[300];
        Arrays.fill(garbage, (byte) 0xff);
        byte[] binary = new WasmModuleBuilder()
                .importFunction("env", "proxy_log", "(i32,i32,i32)->i32")
                .customSection("name", garbage)
                .rawSection(10, garbage)
                .exportFunction("_start")
                .build();

        WasmModuleSurface surface = WasmModuleSurface.parse(binary);

        assertThat(surface.imports()).map(Import::toString).containsExactly("env.proxy_log (i32,i32,i32)->i32");
        assertThat(surface.exports()).containsExactly(new Export("_start", Kind.FUNC));
    }

    @Test
    void decodesMultiByteLeb128CountsAndLengths() throws Exception {
        // 200 imports (a 2-byte count) with 150-byte names (2-byte lengths) in a 3-byte-sized section (> 16383 bytes).
        WasmModuleBuilder builder = new WasmModuleBuilder();
        for (int i = 0; i < 200; i++) {
            builder.importFunction("env", String.format("%0150d", i), "(i32)->()");
        }
        byte[] binary = builder.build();
        int importSection = 8 + 7; // after the header and a 7-byte type section
        assertThat(binary[importSection]).isEqualTo((byte) 2);
        assertThat(Arrays.copyOfRange(binary, importSection + 1, importSection + 4)).containsExactly(0xf2, 0xf6, 0x01);

        List<Import> imports = WasmModuleSurface.parse(binary).imports();

        assertThat(imports).hasSize(200);
        assertThat(imports.get(199).name()).isEqualTo(String.format("%0150d", 199));
    }

    @Test
    void acceptsNonMinimalLeb128Encodings() throws Exception {
        byte[] content = concat(
                bytes(0x81, 0x80, 0x80, 0x80, 0x00), // export count 1 in five bytes
                bytes(0x86, 0x80, 0x00), "_start".getBytes(), // name length 6 in three bytes
                bytes(0x00), // kind func
                bytes(0x80, 0x80, 0x80, 0x80, 0x00)); // index 0 in five bytes
        byte[] binary = concat(header(), bytes(7, 0x80 | content.length, 0x00), content);

        assertThat(WasmModuleSurface.parse(binary).exports()).containsExactly(new Export("_start", Kind.FUNC));
    }

    @Test
    void rejectsBadMagicAtItsOffset() {
        byte[] zip = bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00);

        assertMalformed(zip, "bad magic number (expected \\0asm) at offset 0", 0);
    }

    @Test
    void rejectsComponentModelVersion() {
        byte[] component = bytes(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00);

        assertMalformed(component, "unsupported binary version 65549 (expected 1, a core module) at offset 4", 4);
    }

    @Test
    void rejectsEmptyFile() {
        assertMalformed(new byte[0], "unexpected end of file reading magic number at offset 0", 0);
    }

    @Test
    void rejectsFileTruncatedInsideSection() {
        byte[] binary = WasmModuleBuilder.validProxyWasmModule().build();

        // The type section starts at 8; its 16 content bytes start at 10, and only 10 of them are left.
        assertMalformed(Arrays.copyOf(binary, 20),
                "type section declares 16 bytes but only 10 remain in the file at offset 10", 10);
    }

    @Test
    void rejectsFileEndingInsideSectionHeader() {
        assertMalformed(concat(header(), bytes(2)), "unexpected end of file reading section size at offset 9", 9);
    }

    @Test
    void rejectsEntryOverrunningItsSection() {
        byte[] types = section(1, bytes(1, 0x60, 0, 0));
        byte[] importWithoutTypeIndex = section(2, concat(u32(1), name("env"), name("f"), bytes(0x00)));

        assertMalformed(concat(header(), types, importWithoutTypeIndex),
                "unexpected end of import section reading import type index at offset 24", 24);
    }

    @Test
    void rejectsBytesLeftOverAfterLastEntry() {
        assertMalformed(concat(header(), section(7, bytes(0, 0xaa, 0xbb))),
                "export section has 2 bytes left over after its last entry at offset 11", 11);
    }

    @ParameterizedTest
    @ValueSource(strings = {"80 80 80 80 80 00", "ff ff ff ff 1f", "80 80 80 80 10"})
    void rejectsLeb128BeyondThirtyTwoBits(String sectionSize) {
        byte[] leb = bytes(Arrays.stream(sectionSize.split(" ")).mapToInt(b -> Integer.parseInt(b, 16)).toArray());

        assertMalformed(concat(header(), bytes(1), leb), "section size: LEB128 number exceeds 32 bits at offset 9", 9);
    }

    @Test
    void rejectsFunctionImportOfUndefinedType() {
        byte[] types = section(1, bytes(1, 0x60, 0, 0));
        byte[] imports = section(2, concat(u32(1), name("env"), name("f"), bytes(0x00, 0x01)));

        assertMalformed(concat(header(), types, imports),
                "function import env.f refers to type 1 but the module defines 1 types at offset 24", 24);
    }

    @Test
    void rejectsNameThatIsNotUtf8() {
        byte[] exports = section(7, bytes(1, 2, 0xc3, 0x28, 0x00, 0x00));

        assertMalformed(concat(header(), exports), "export name is not valid UTF-8 at offset 12", 12);
    }

    @Test
    void reportsHugeCountAsEndOfSection() {
        byte[] exports = section(7, u32(0xffff_ffffL));

        assertMalformed(concat(header(), exports),
                "unexpected end of export section reading export name length at offset 15", 15);
    }

    @Test
    void throwsOnlyMalformedWasmExceptionForAnyPrefixOrCorruption() {
        byte[] valid = new WasmModuleBuilder()
                .importFunction("env", "proxy_log", "(i32,i32,i32)->i32")
                .importTable("env", "table")
                .importMemory("env", "memory")
                .importGlobal("env", "counter")
                .customSection("name", bytes(1, 2, 3))
                .exportMemory("memory")
                .exportFunction("_start")
                .build();
        Random random = new Random(42);
        for (int length = 0; length < valid.length; length++) {
            assertParsesOrIsMalformed(Arrays.copyOf(valid, length));
        }
        for (int i = 0; i < 5_000; i++) {
            byte[] corrupt = valid.clone();
            corrupt[8 + random.nextInt(valid.length - 8)] = (byte) random.nextInt(256);
            assertParsesOrIsMalformed(corrupt);
        }
    }

    private static void assertParsesOrIsMalformed(byte[] binary) {
        try {
            WasmModuleSurface.parse(binary);
        } catch (MalformedWasmException expected) {
            assertThat(expected.offset()).isBetween(0, binary.length);
        }
    }

    private static void assertMalformed(byte[] binary, String message, int offset) {
        assertThatThrownBy(() -> WasmModuleSurface.parse(binary))
                .isInstanceOfSatisfying(MalformedWasmException.class, e -> {
                    assertThat(e).hasMessage(message);
                    assertThat(e.offset()).isEqualTo(offset);
                });
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
