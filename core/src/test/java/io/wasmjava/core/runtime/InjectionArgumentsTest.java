package io.wasmjava.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The wire vectors of the header-phase injection argument (shared docs proxy-wasm-state.md §5.2). */
class InjectionArgumentsTest {
    @Test
    void encodesABodyAndTheEndOfStream() {
        assertThat(InjectionArguments.encode(utf8("hi"), true)).containsExactly(0x0A, 0x02, 0x68, 0x69, 0x10, 0x01);
    }

    @Test
    void leavesAnEmptyBodyOut() {
        assertThat(InjectionArguments.encode(new byte[0], true)).containsExactly(0x10, 0x01);
    }

    @Test
    void leavesAFalseEndOfStreamOut() {
        assertThat(InjectionArguments.encode(utf8("hi"), false)).containsExactly(0x0A, 0x02, 0x68, 0x69);
    }

    @Test
    void framesTheForeignFunctionExample() {
        byte[] body = utf8("hello foreign function\n");
        byte[] expected = new byte[2 + 23 + 2];
        expected[0] = 0x0A;
        expected[1] = 23;
        System.arraycopy(body, 0, expected, 2, 23);
        expected[25] = 0x10;
        expected[26] = 0x01;

        assertThat(InjectionArguments.encode(body, true)).isEqualTo(expected);
    }

    @Test
    void writesALengthOver127AsTwoVarintBytes() {
        byte[] body = new byte[200];
        Arrays.fill(body, (byte) 'a');

        byte[] encoded = InjectionArguments.encode(body, true);

        assertThat(Arrays.copyOfRange(encoded, 0, 3)).containsExactly(0x0A, 0xC8, 0x01);
        assertThat(encoded).hasSize(3 + 200 + 2);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
