package io.wasmjava.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WasmModuleBuilderTest {

    @Test
    void encodesLeb128InTheFewestBytes() {
        assertThat(WasmModuleBuilder.u32(0)).containsExactly(0x00);
        assertThat(WasmModuleBuilder.u32(127)).containsExactly(0x7f);
        assertThat(WasmModuleBuilder.u32(128)).containsExactly(0x80, 0x01);
        assertThat(WasmModuleBuilder.u32(624_485)).containsExactly(0xe5, 0x8e, 0x26);
        assertThat(WasmModuleBuilder.u32(0xffff_ffffL)).containsExactly(0xff, 0xff, 0xff, 0xff, 0x0f);
    }
}
