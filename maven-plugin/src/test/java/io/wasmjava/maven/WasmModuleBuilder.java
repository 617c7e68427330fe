package io.wasmjava.maven;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes small WebAssembly binaries for tests: a type, import and export section plus any raw sections. Signatures
 * are written as the reader prints them, such as {@code (i32,i32)->i32}; equal signatures share one type entry.
 * Export indices are always 0, as the reader does not resolve them.
 */
final class WasmModuleBuilder {
    private final List<String> types = new ArrayList<>();
    private final ByteArrayOutputStream imports = new ByteArrayOutputStream();
    private int importCount;
    private final ByteArrayOutputStream exports = new ByteArrayOutputStream();
    private int exportCount;
    private final ByteArrayOutputStream rawSections = new ByteArrayOutputStream();

    /** Returns a module that passes {@link ProxyWasmPolicy#create()}: two allowed imports and every required export. */
    static WasmModuleBuilder validProxyWasmModule() {
        return new WasmModuleBuilder()
                .importFunction("wasi_snapshot_preview1", "fd_write", "(i32,i32,i32,i32)->i32")
                .importFunction("env", "proxy_log", "(i32,i32,i32)->i32")
                .exportMemory("memory")
                .exportFunction("proxy_abi_version_0_2_1")
                .exportFunction("proxy_on_memory_allocate")
                .exportFunction("proxy_on_context_create")
                .exportFunction("proxy_on_vm_start")
                .exportFunction("proxy_on_configure")
                .exportFunction("_start");
    }

    WasmModuleBuilder importFunction(String module, String name, String signature) {
        int index = types.indexOf(signature);
        if (index < 0) {
            types.add(signature);
            index = types.size() - 1;
        }
        return addImport(module, name, 0x00, u32(index));
    }

    /** Imports a table of funcref with limits {@code 1..2}. */
    WasmModuleBuilder importTable(String module, String name) {
        return addImport(module, name, 0x01, new byte[] {0x70, 0x01, 0x01, 0x02});
    }

    /** Imports a memory with limits {@code 1..}. */
    WasmModuleBuilder importMemory(String module, String name) {
        return addImport(module, name, 0x02, new byte[] {0x00, 0x01});
    }

    /** Imports an immutable i32 global. */
    WasmModuleBuilder importGlobal(String module, String name) {
        return addImport(module, name, 0x03, new byte[] {0x7f, 0x00});
    }

    WasmModuleBuilder exportFunction(String name) {
        return addExport(name, 0x00);
    }

    WasmModuleBuilder exportGlobal(String name) {
        return addExport(name, 0x03);
    }

    WasmModuleBuilder exportMemory(String name) {
        return addExport(name, 0x02);
    }

    /** Adds a section with {@code id} and {@code content}, placed after the import and before the export section. */
    WasmModuleBuilder rawSection(int id, byte[] content) {
        rawSections.writeBytes(section(id, content));
        return this;
    }

    /** Adds a custom section (id 0) named {@code name}. */
    WasmModuleBuilder customSection(String name, byte[] payload) {
        return rawSection(0, concat(name(name), payload));
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header());
        if (!types.isEmpty()) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            content.writeBytes(u32(types.size()));
            types.forEach(signature -> content.writeBytes(functionType(signature)));
            out.writeBytes(section(1, content.toByteArray()));
        }
        if (importCount > 0) {
            out.writeBytes(section(2, concat(u32(importCount), imports.toByteArray())));
        }
        out.writeBytes(rawSections.toByteArray());
        if (exportCount > 0) {
            out.writeBytes(section(7, concat(u32(exportCount), exports.toByteArray())));
        }
        return out.toByteArray();
    }

    /** Returns the magic number and version 1. */
    static byte[] header() {
        return new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    }

    /** Returns a section: the id byte, the content size as LEB128, then the content. */
    static byte[] section(int id, byte[] content) {
        return concat(new byte[] {(byte) id}, u32(content.length), content);
    }

    /** Returns {@code value} as unsigned LEB128 in the fewest bytes. */
    static byte[] u32(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int low = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value == 0 ? low : low | 0x80);
        } while (value != 0);
        return out.toByteArray();
    }

    /** Returns a name: its UTF-8 length as LEB128, then the bytes. */
    static byte[] name(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        return concat(u32(utf8.length), utf8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private WasmModuleBuilder addImport(String module, String name, int kind, byte[] description) {
        imports.writeBytes(concat(name(module), name(name), new byte[] {(byte) kind}, description));
        importCount++;
        return this;
    }

    private WasmModuleBuilder addExport(String name, int kind) {
        exports.writeBytes(concat(name(name), new byte[] {(byte) kind}, u32(0)));
        exportCount++;
        return this;
    }

    /** Encodes {@code (p1,p2)->r}, {@code (p)->()} or {@code ()->(r1,r2)} as a function type. */
    private static byte[] functionType(String signature) {
        String[] sides = signature.split("->", -1);
        return concat(new byte[] {0x60}, valueTypes(sides[0]), valueTypes(sides[1]));
    }

    private static byte[] valueTypes(String list) {
        String bare = list.replace("(", "").replace(")", "");
        String[] names = bare.isEmpty() ? new String[0] : bare.split(",");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(u32(names.length));
        for (String type : names) {
            out.write(switch (type) {
                case "i32" -> 0x7f;
                case "i64" -> 0x7e;
                case "f32" -> 0x7d;
                case "f64" -> 0x7c;
                default -> throw new IllegalArgumentException("unknown value type " + type);
            });
        }
        return out.toByteArray();
    }
}
