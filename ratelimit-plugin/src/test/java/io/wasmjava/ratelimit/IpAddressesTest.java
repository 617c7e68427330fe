package io.wasmjava.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link IpAddresses}. The parse/format table is the output of Go 1.19's
 * {@code net.ParseIP(s).String()} for the same inputs, so per-IP Redis keys match Higress's.
 */
class IpAddressesTest {
    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "nil", textBlock = """
            10.0.0.1                | 10.0.0.1
            255.255.255.255         | 255.255.255.255
            0.0.0.0                 | 0.0.0.0
            010.0.0.1               | nil
            256.0.0.1               | nil
            1.2.3                   | nil
            1.2.3.4.5               | nil
            ::                      | ::
            ::1                     | ::1
            1::                     | 1::
            2001:DB8:0:0:0:0:0:1    | 2001:db8::1
            2001:db8:0:0:1:0:0:1    | 2001:db8::1:0:0:1
            2001:0:0:1:0:0:0:1      | 2001:0:0:1::1
            fe80::1:0:0:0           | fe80::1:0:0:0
            0:0:0:0:0:0:0:0         | ::
            ::ffff:10.0.0.1         | 10.0.0.1
            ::10.0.0.1              | ::a00:1
            1:2:3:4:5:6:7:8         | 1:2:3:4:5:6:7:8
            1:2:3:4:5:6:7:8::       | nil
            1:2:3:4:5:6:7::         | 1:2:3:4:5:6:7:0
            1::2::3                 | nil
            1:2:3:4:5:6:1.2.3.4     | 1:2:3:4:5:6:102:304
            12345::1                | nil
            ::ffff:0a00:0001        | 10.0.0.1
            2001:db8::0:1           | 2001:db8::1
            1:0:0:2:0:0:0:3         | 1:0:0:2::3
            fe80::1%eth0            | nil
            [::1]                   | nil
            :1                      | nil
            1:                      | nil
            not-an-ip               | nil
            """)
    void parsesAndPrintsAddressesAsGo(String text, String expected) {
        byte[] address = IpAddresses.parse(text);

        assertThat(address == null ? null : IpAddresses.format(address)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "nil", textBlock = """
            10.0.0.1:5678           | 10.0.0.1
            10.0.0.1                | 10.0.0.1
            '  10.0.0.1 '           | 10.0.0.1
            [2001:db8::1]:443       | 2001:db8::1
            [::ffff:10.0.0.1]:80    | 10.0.0.1
            2001:db8::1             | 2001:db8::1
            [2001:db8::1            | nil
            ''                      | nil
            """)
    void extractsTheAddressFromSocketAddresses(String text, String expected) {
        byte[] address = IpAddresses.parseHostPort(text);

        assertThat(address == null ? null : IpAddresses.format(address)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1} ({2})")
    @CsvSource(delimiter = '|', nullValues = "nil", textBlock = """
            1.1.1.1                  | 1.1.1.1        | main_test.go:501
            10.0.0.1:5678            | 10.0.0.1       | utils.go:23-25
            10.0.0.1:80:90           | 10.0.0.1       | utils.go:23-25, cut at the first colon
            [2001:db8::1]:443        | 2001:db8::1    | utils.go:28-29
            2001:db8::1              | 2001:db8::1    | utils.go:31
            ::ffff:a00:1             | 10.0.0.1       | utils.go:31, Go prints IPv4-mapped as IPv4
            ::ffff:10.0.0.1          | 10.0.0.1       | DIVERGES, utils.go:23-25 leaves an empty string
            [::ffff:10.0.0.1]:80     | 10.0.0.1       | DIVERGES, utils.go:23-25 leaves [
            64:ff9b::10.0.0.1        | 64:ff9b::a00:1 | DIVERGES, utils.go:23-25 leaves 64
            '10.0.0.1 '              | 10.0.0.1       | DIVERGES, net.ParseIP refuses the space
            '	10.0.0.1'             | 10.0.0.1       | DIVERGES
            010.0.0.1                | nil            | net.ParseIP refuses leading zeros
            fe80::1%eth0             | nil            | net.ParseIP refuses zones
            ]x                       | nil            | utils.go:29 panics in Higress
            unknown                  | nil            | net.ParseIP
            ''                       | nil            | net.ParseIP
            """)
    void readsClientAddressesAsHigressAndWhereItCannot(String text, String expected, String source) {
        byte[] address = IpAddresses.parseClient(text);

        assertThat(address == null ? null : IpAddresses.format(address)).isEqualTo(expected);
    }
}
