package io.wasmjava.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link IpAddresses} and {@link IpPrefix}. The parse/format table is the output of Go 1.19's
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

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8        | 10.255.1.2        | true
            10.0.0.0/8        | 11.0.0.1          | false
            10.1.2.3          | 10.1.2.3          | true
            10.1.2.3          | 10.1.2.4          | false
            10.1.2.3/8        | 10.9.9.9          | true
            192.168.1.128/25  | 192.168.1.200     | true
            192.168.1.128/25  | 192.168.1.100     | false
            0.0.0.0/0         | 203.0.113.9       | true
            0.0.0.0/0         | 2001:db8::1       | false
            10.0.0.0/8        | ::ffff:10.0.0.1   | true
            ::ffff:10.0.0.1   | 10.0.0.1          | true
            2001:db8::/32     | 2001:db8:ffff::1  | true
            2001:db8::/32     | 2001:db9::1       | false
            2001:db8::1       | 2001:db8::1       | true
            2001:db8::/127    | 2001:db8::1       | true
            2001:db8::/127    | 2001:db8::2       | false
            ::/0              | 2001:db8::1       | true
            ::/0              | 10.0.0.1          | false
            """)
    void matchesAddressesInRanges(String range, String address, boolean expected) {
        assertThat(IpPrefix.parse(range).contains(IpAddresses.parse(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/33      | CIDR prefix length must be 0-32 but was "33" in "10.0.0.0/33"
            2001:db8::/129   | CIDR prefix length must be 0-128 but was "129" in "2001:db8::/129"
            10.0.0.0/        | CIDR prefix length must be 0-32 but was "" in "10.0.0.0/"
            10.0.0.0/-1      | CIDR prefix length must be 0-32 but was "-1" in "10.0.0.0/-1"
            10.0.0/8         | not an IP address or CIDR block: "10.0.0/8"
            localhost        | not an IP address or CIDR block: "localhost"
            """)
    void rejectsMalformedRanges(String range, String message) {
        assertThatThrownBy(() -> IpPrefix.parse(range))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
