package io.wasmjava.ratelimit;

/**
 * An address range from a {@code limit_by_per_ip} key: a single address ({@code 10.1.2.3}, {@code 2001:db8::1}) or
 * a CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}). Host bits in a block are ignored, as Go's
 * {@code net.ParseCIDR} does. IPv4 ranges match only IPv4 clients (including IPv4-mapped IPv6 clients), IPv6 ranges
 * only IPv6 clients. Immutable.
 */
final class IpPrefix {
    private final byte[] network;
    /** Prefix length over the 16-byte form: 96 + n for an IPv4 /n. */
    private final int bits;
    private final boolean ipv4;

    private IpPrefix(byte[] network, int bits, boolean ipv4) {
        this.network = network;
        this.bits = bits;
        this.ipv4 = ipv4;
    }

    /**
     * Parses {@code address} or {@code address/length}.
     *
     * @throws IllegalArgumentException with the reason if it is neither
     */
    static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        byte[] address = IpAddresses.parse(addressText);
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: \"" + text + "\"");
        }
        boolean dotted = addressText.indexOf(':') < 0;
        int maxLength = dotted ? 32 : 128;
        int length = maxLength;
        if (slash >= 0) {
            String lengthText = text.substring(slash + 1);
            length = parseLength(lengthText);
            if (length < 0 || length > maxLength) {
                throw new IllegalArgumentException("CIDR prefix length must be 0-" + maxLength + " but was \""
                        + lengthText + "\" in \"" + text + "\"");
            }
        }
        int bits = dotted ? 96 + length : length;
        // An IPv4-mapped IPv6 key such as ::ffff:10.0.0.1 means the IPv4 address, as in Go.
        boolean ipv4 = IpAddresses.isIpv4(address) && bits >= 96;
        byte[] network = address.clone();
        for (int bit = bits; bit < 128; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new IpPrefix(network, bits, ipv4);
    }

    /** True if {@code address} (16 bytes) lies in this range. */
    boolean contains(byte[] address) {
        if (IpAddresses.isIpv4(address) != ipv4) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & 0xff);
    }

    private static int parseLength(String text) {
        if (text.isEmpty() || text.length() > 3) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public String toString() {
        return IpAddresses.format(network) + "/" + (ipv4 ? bits - 96 : bits);
    }
}
