package io.wasmjava.maven;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The host-facing surface of a WebAssembly binary module: what it imports and what it exports.
 *
 * <p>Only the type, import and export sections are decoded; every other section is skipped by its declared size, so
 * function bodies are never read. Parsing is strict about the parts it reads: the magic and version, every section
 * size, LEB128 numbers (at most 5 bytes for a u32), UTF-8 names and type indices. Any violation is reported as a
 * {@link MalformedWasmException} carrying the byte offset; no other exception escapes {@link #parse(byte[])}.
 *
 * <p>Instances are immutable.
 *
 * @param imports the imports in module order; function imports come with their signature
 * @param exports the exports in module order
 * @param sizeBytes the size of the whole binary in bytes
 */
public record WasmModuleSurface(List<Import> imports, List<Export> exports, long sizeBytes) {
    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};
    private static final int VERSION = 1;
    private static final int TYPE_SECTION = 1;
    private static final int IMPORT_SECTION = 2;
    private static final int EXPORT_SECTION = 7;

    /** Copies the lists, so the surface stays immutable. */
    public WasmModuleSurface {
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
    }

    /**
     * Reads and parses the module in {@code file}.
     *
     * @throws MalformedWasmException if the file is not a well-formed module
     * @throws IOException if the file cannot be read (for example {@link java.nio.file.NoSuchFileException})
     */
    public static WasmModuleSurface read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /**
     * Parses a complete module binary. The array is not retained.
     *
     * @throws MalformedWasmException if the bytes are not a well-formed module
     */
    public static WasmModuleSurface parse(byte[] bytes) throws MalformedWasmException {
        Cursor in = new Cursor(bytes, 0, bytes.length, "file");
        for (byte expected : MAGIC) {
            int offset = in.offset();
            if (in.u8("magic number") != (expected & 0xff)) {
                throw new MalformedWasmException("bad magic number (expected \\0asm)", offset);
            }
        }
        int versionOffset = in.offset();
        long version = in.u32le("version");
        if (version != VERSION) {
            throw new MalformedWasmException(
                    "unsupported binary version " + version + " (expected 1, a core module)", versionOffset);
        }

        List<FunctionType> types = List.of();
        List<Import> imports = List.of();
        List<Export> exports = List.of();
        Set<Integer> seen = new HashSet<>();
        while (in.hasMore()) {
            Section header = in.section();
            int id = header.id();
            Cursor section = new Cursor(bytes, header.contentStart(), header.end(), sectionName(id));
            switch (id) {
                case TYPE_SECTION, IMPORT_SECTION, EXPORT_SECTION -> {
                    if (!seen.add(id)) {
                        throw new MalformedWasmException("duplicate " + sectionName(id), header.headerStart());
                    }
                    switch (id) {
                        case TYPE_SECTION -> types = readTypes(section);
                        case IMPORT_SECTION -> imports = readImports(section, types);
                        default -> exports = readExports(section);
                    }
                    if (section.hasMore()) {
                        throw new MalformedWasmException(sectionName(id) + " has " + section.remaining()
                                + " bytes left over after its last entry", section.offset());
                    }
                }
                default -> { } // Code, data, names and the rest do not affect what the host sees.
            }
            in.skipTo(header.end());
        }
        return new WasmModuleSurface(imports, exports, bytes.length);
    }

    private static List<FunctionType> readTypes(Cursor in) throws MalformedWasmException {
        List<FunctionType> types = new ArrayList<>();
        for (long i = 0, count = in.u32("type count"); i < count; i++) {
            int formOffset = in.offset();
            int form = in.u8("type form");
            if (form != 0x60) {
                throw new MalformedWasmException(String.format(
                        "unsupported type form 0x%02x (only function types, 0x60, are supported)", form), formOffset);
            }
            List<ValueType> params = readValueTypes(in, "parameter");
            List<ValueType> results = readValueTypes(in, "result");
            types.add(new FunctionType(params, results));
        }
        return types;
    }

    private static List<ValueType> readValueTypes(Cursor in, String role) throws MalformedWasmException {
        List<ValueType> types = new ArrayList<>();
        for (long i = 0, count = in.u32(role + " count"); i < count; i++) {
            types.add(readValueType(in, role + " type"));
        }
        return types;
    }

    private static ValueType readValueType(Cursor in, String what) throws MalformedWasmException {
        int offset = in.offset();
        int code = in.u8(what);
        for (ValueType type : ValueType.values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new MalformedWasmException(String.format("unknown value type 0x%02x", code), offset);
    }

    private static List<Import> readImports(Cursor in, List<FunctionType> types) throws MalformedWasmException {
        List<Import> imports = new ArrayList<>();
        for (long i = 0, count = in.u32("import count"); i < count; i++) {
            String module = in.name("import module name");
            String name = in.name("import name");
            int kindOffset = in.offset();
            int kind = in.u8("import kind");
            switch (kind) {
                case 0x00 -> {
                    int indexOffset = in.offset();
                    long typeIndex = in.u32("import type index");
                    if (typeIndex >= types.size()) {
                        throw new MalformedWasmException("function import " + module + "." + name + " refers to type "
                                + typeIndex + " but the module defines " + types.size() + " types", indexOffset);
                    }
                    imports.add(new Import(module, name, Kind.FUNC, Optional.of(types.get((int) typeIndex))));
                }
                case 0x01 -> {
                    ValueType element = readValueType(in, "table element type");
                    if (element != ValueType.FUNCREF && element != ValueType.EXTERNREF) {
                        throw new MalformedWasmException("table element type " + element + " is not a reference type",
                                kindOffset + 1);
                    }
                    skipLimits(in);
                    imports.add(new Import(module, name, Kind.TABLE, Optional.empty()));
                }
                case 0x02 -> {
                    skipLimits(in);
                    imports.add(new Import(module, name, Kind.MEMORY, Optional.empty()));
                }
                case 0x03 -> {
                    readValueType(in, "global type");
                    int mutabilityOffset = in.offset();
                    if (in.u8("global mutability") > 1) {
                        throw new MalformedWasmException("global mutability must be 0 or 1", mutabilityOffset);
                    }
                    imports.add(new Import(module, name, Kind.GLOBAL, Optional.empty()));
                }
                default -> throw new MalformedWasmException(String.format("unsupported import kind 0x%02x", kind),
                        kindOffset);
            }
        }
        return imports;
    }

    /** Skips table or memory limits: a flags byte (bit 0: has maximum, bit 1: shared, bit 2: 64-bit) and numbers. */
    private static void skipLimits(Cursor in) throws MalformedWasmException {
        int flagsOffset = in.offset();
        int flags = in.u8("limits flags");
        if ((flags & ~0x07) != 0) {
            throw new MalformedWasmException(String.format("unknown limits flags 0x%02x", flags), flagsOffset);
        }
        int numbers = (flags & 0x01) != 0 ? 2 : 1;
        for (int i = 0; i < numbers; i++) {
            if ((flags & 0x04) != 0) {
                in.u64("limit");
            } else {
                in.u32("limit");
            }
        }
    }

    private static List<Export> readExports(Cursor in) throws MalformedWasmException {
        List<Export> exports = new ArrayList<>();
        for (long i = 0, count = in.u32("export count"); i < count; i++) {
            String name = in.name("export name");
            int kindOffset = in.offset();
            int kind = in.u8("export kind");
            if (kind >= Kind.values().length) {
                throw new MalformedWasmException(String.format("unsupported export kind 0x%02x", kind), kindOffset);
            }
            in.u32("export index");
            exports.add(new Export(name, Kind.values()[kind]));
        }
        return exports;
    }

    private static String sectionName(int id) {
        return switch (id) {
            case TYPE_SECTION -> "type section";
            case IMPORT_SECTION -> "import section";
            case EXPORT_SECTION -> "export section";
            default -> "section " + id;
        };
    }

    /** The kind of an imported or exported entity, in binary-encoding order. */
    public enum Kind {
        FUNC, TABLE, MEMORY, GLOBAL;

        /** Returns the WebAssembly text-format keyword: {@code func}, {@code table}, {@code memory}, {@code global}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A value type of a function parameter, result, global or table element. */
    public enum ValueType {
        I32(0x7f), I64(0x7e), F32(0x7d), F64(0x7c), V128(0x7b), FUNCREF(0x70), EXTERNREF(0x6f);

        private final int code;

        ValueType(int code) {
            this.code = code;
        }

        /** Returns the WebAssembly text-format keyword, such as {@code i32} or {@code funcref}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A function signature.
     *
     * @param params the parameter types, in order
     * @param results the result types, in order (empty for none)
     */
    public record FunctionType(List<ValueType> params, List<ValueType> results) {
        /** Copies both lists. */
        public FunctionType {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }

        /**
         * Returns the signature as {@code (i32,i32)->i32}; no results read {@code ->()}, several read
         * {@code ->(i32,i64)}.
         */
        @Override
        public String toString() {
            String out = results.size() == 1 ? results.get(0).toString() : "(" + join(results) + ")";
            return "(" + join(params) + ")->" + out;
        }

        private static String join(List<ValueType> types) {
            return types.stream().map(ValueType::toString).collect(Collectors.joining(","));
        }
    }

    /**
     * One import.
     *
     * @param module the module name, such as {@code env}
     * @param name the field name, such as {@code proxy_log}
     * @param kind what is imported
     * @param signature present exactly when {@code kind} is {@link Kind#FUNC}
     */
    public record Import(String module, String name, Kind kind, Optional<FunctionType> signature) {
        /** Checks that a signature is given exactly for function imports. */
        public Import {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            if (signature.isPresent() != (kind == Kind.FUNC)) {
                throw new IllegalArgumentException("a signature is required for, and only for, function imports");
            }
        }

        /** Creates a function import. */
        public static Import function(String module, String name, FunctionType signature) {
            return new Import(module, name, Kind.FUNC, Optional.of(signature));
        }

        /**
         * Returns {@code module.name (signature)} for functions, such as {@code env.proxy_log (i32,i32,i32)->i32},
         * and {@code module.name (kind)} otherwise, such as {@code env.memory (memory)}.
         */
        @Override
        public String toString() {
            return module + "." + name + " " + signature.map(FunctionType::toString).orElse("(" + kind + ")");
        }
    }

    /**
     * One export.
     *
     * @param name the export name, such as {@code proxy_on_configure}
     * @param kind what is exported
     */
    public record Export(String name, Kind kind) {
        /** Checks for null. */
        public Export {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** A section's place in a module: its id, where its header starts, and where its content starts and ends. */
    record Section(int id, int headerStart, int contentStart, int end) {
    }

    /**
     * A read position within {@code [offset, limit)} of a byte array. Reading past the limit reports where and what,
     * so an overrun never becomes an {@link ArrayIndexOutOfBoundsException}.
     */
    static final class Cursor {
        private final byte[] bytes;
        private final int limit;
        private final String region;
        private int offset;

        Cursor(byte[] bytes, int offset, int limit, String region) {
            this.bytes = bytes;
            this.offset = offset;
            this.limit = limit;
            this.region = region;
        }

        int offset() {
            return offset;
        }

        int remaining() {
            return limit - offset;
        }

        boolean hasMore() {
            return offset < limit;
        }

        void skipTo(int position) {
            offset = position;
        }

        /**
         * Reads a section header (id, then content size) and leaves the cursor at the section's content.
         *
         * @throws MalformedWasmException if the header is cut off or the content would run past the limit
         */
        Section section() throws MalformedWasmException {
            int headerStart = offset;
            int id = u8("section id");
            long size = u32("section size");
            if (size > remaining()) {
                throw new MalformedWasmException(sectionName(id) + " declares " + size + " bytes but only "
                        + remaining() + " remain in the " + region, offset);
            }
            return new Section(id, headerStart, offset, offset + (int) size);
        }

        int u8(String what) throws MalformedWasmException {
            if (offset >= limit) {
                throw new MalformedWasmException("unexpected end of " + region + " reading " + what, offset);
            }
            return bytes[offset++] & 0xff;
        }

        long u32le(String what) throws MalformedWasmException {
            long value = 0;
            for (int i = 0; i < 4; i++) {
                value |= (long) u8(what) << (8 * i);
            }
            return value;
        }

        /** Reads an unsigned LEB128 number of at most 5 bytes whose value fits in 32 bits. */
        long u32(String what) throws MalformedWasmException {
            return leb128(what, 5, 32);
        }

        /** Reads an unsigned LEB128 number of at most 10 bytes whose value fits in 64 bits. */
        long u64(String what) throws MalformedWasmException {
            return leb128(what, 10, 64);
        }

        private long leb128(String what, int maxBytes, int bits) throws MalformedWasmException {
            int start = offset;
            long value = 0;
            for (int i = 0; i < maxBytes; i++) {
                int b = u8(what);
                int shift = 7 * i;
                if (i == maxBytes - 1 && (b >>> (bits - shift)) != 0) {
                    // The last permitted byte may carry neither a continuation bit nor bits beyond the width.
                    throw new MalformedWasmException(what + ": LEB128 number exceeds " + bits + " bits", start);
                }
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new AssertionError("unreachable: the last byte is checked above");
        }

        String name(String what) throws MalformedWasmException {
            int start = offset;
            long length = u32(what + " length");
            if (length > remaining()) {
                throw new MalformedWasmException(what + " is " + length + " bytes long but only " + remaining()
                        + " bytes remain in the " + region, start);
            }
            int from = offset;
            offset += (int) length;
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, from, (int) length))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new MalformedWasmException(what + " is not valid UTF-8", from);
            }
        }
    }
}
