package io.wasmjava.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link IpPrefix}: {@code limit_by_per_ip} keys accepted and matched as Higress's radix trees do (go-iptree over
 * asergeyev/nradix @3872ab85, tree.go). Clients are walked as 32 bits if IPv4 (or IPv4-mapped) and 128 bits otherwise.
 */
class IpPrefixTest {
    /** The bits Go walks for a client: 4 bytes for IPv4 and IPv4-mapped, 16 otherwise. */
    static byte[] client(String address) {
        byte[] bytes = IpAddresses.parse(address);
        return IpAddresses.isIpv4(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
    }

    @ParameterizedTest(name = "{0} covers {1}: {2} ({3})")
    @CsvSource(delimiter = '|', textBlock = """
            1.1.1.1            | 1.1.1.1           | true  | README_EN.md:155
            1.1.1.1            | 1.1.1.2           | false | README_EN.md:155
            1.1.1.0/24         | 1.1.1.77          | true  | README_EN.md:158
            1.1.1.0/24         | 1.1.2.1           | false | README_EN.md:158
            0.0.0.0/0          | 203.0.113.9       | true  | README_EN.md:161
            0.0.0.0/0          | 2001:db8::1       | true  | tree.go:170-206, /0 is the root
            ::/0               | 10.0.0.1          | true  | tree.go:209-265, /0 is the root
            ::/0               | 2001:db8::1       | true  | tree.go:209-265
            10.0.0.0/33        | 192.168.0.1       | true  | tree.go:497, a shift by 32 or more is 0
            10.0.0.0/          | 2001:db8::1       | true  | tree.go:491-497, no digits is a length of 0
            10.0.0.0/4294967304 | 10.255.0.1       | true  | tree.go:495, uint32 wraps to 8
            10.0.0.0/4294967304 | 11.0.0.1         | false | tree.go:495
            010.0..1           | 10.0.0.1          | true  | tree.go:452-485, leading zeros and empty parts
            10.1.2.3/8         | 10.9.9.9          | true  | tree.go:174, host bits are ignored
            192.168.1.128/25   | 192.168.1.200     | true  | tree.go:170-206
            192.168.1.128/25   | 192.168.1.100     | false | tree.go:170-206
            10.0.0.0/8         | ::ffff:10.1.2.3   | true  | an IPv4-mapped client walks 32 bits
            2001:db8::/32      | 32.1.13.184       | true  | tree.go:374-393, an IPv4 client walks the IPv6 path
            2001:db8::/33      | 32.1.13.184       | false | tree.go:374-393, 33 bits are below an IPv4 walk
            1.1.1.0/24         | 101:1ff::1        | true  | tree.go:395-426, an IPv6 client walks the IPv4 path
            1.1.1.1            | 101:101::         | true  | tree.go:395-426
            1.1.1.1            | 101:102::         | false | tree.go:395-426
            ::ffff:a00:1       | 10.0.0.1          | false | a 128-bit key is below an IPv4 walk
            2001:db8::1        | 2001:db8::1       | true  | tree.go:518-522
            2001:db8::/127     | 2001:db8::1       | true  | tree.go:510-516
            2001:db8::/127     | 2001:db8::2       | false | tree.go:510-516
            2001:db8::/0128    | 2001:db8::        | true  | net/parse.go dtoi allows leading zeros
            """)
    void coversClientsAsHigressRadixTree(String key, String address, boolean expected, String source) {
        assertThat(IpPrefix.parse(key).contains(client(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "refuses \"{0}\" ({1})")
    @CsvSource(delimiter = '|', textBlock = """
            ::ffff:10.0.0.1   | tree.go:75, dots make it IPv4
            64:ff9b::1.2.3.4  | tree.go:75
            10.0.0/8          | tree.go:478, three dots
            1.2.3.4.5         | tree.go:478
            256.0.0.1         | tree.go:471
            10.0.0.0/-1       | tree.go:492
            10.0.0.0/8/9      | tree.go:492
            1.2.3.4a          | tree.go:474
            2001:db8::/129    | net.ParseCIDR
            2001:db8::/       | net.ParseCIDR
            2001:db8::/+1     | net.ParseCIDR
            fe80::1%eth0      | net.ParseIP, zones
            localhost         | net.ParseIP
            /8                | tree.go:510, a slash first
            .1.2.3            | tree.go:75, a dot first
            """)
    void refusesKeysHigressRefuses(String key, String source) {
        assertThat(IpPrefix.parse(key)).isNull();
    }
}
