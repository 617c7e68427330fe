package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Decoding the argument of Higress's {@code inject_encoded_data_to_filter_chain_on_header}. */
class InjectedDataTest {
    @Test
    void decodesBodyAndEndOfStream() {
        assertThat(InjectedData.decodeOnHeaderArgument(bytes(0x0A, 0x02, 0x68, 0x69, 0x10, 0x01)))
                .isEqualTo(InjectedData.atHeaders("hi", true));
    }

    @Test
    void missingFieldsAreTheirDefaults() {
        assertThat(InjectedData.decodeOnHeaderArgument(bytes())).isEqualTo(InjectedData.atHeaders("", false));
    }

    @Test
    void skipsUnknownFields() {
        assertThat(InjectedData.decodeOnHeaderArgument(bytes(0x18, 0x05, 0x22, 0x01, 0x7A, 0x0A, 0x01, 0x78)))
                .isEqualTo(InjectedData.atHeaders("x", false));
    }

    @Test
    void refusesAFieldThatRunsPastTheEnd() {
        assertThatThrownBy(() -> InjectedData.decodeOnHeaderArgument(bytes(0x0A, 0x05, 0x68)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("field 1 runs past the end of the message");
    }

    @Test
    void refusesATruncatedVarint() {
        assertThatThrownBy(() -> InjectedData.decodeOnHeaderArgument(bytes(0x10, 0x80)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("truncated varint");
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
