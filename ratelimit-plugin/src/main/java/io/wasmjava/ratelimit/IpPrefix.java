package io.wasmjava.ratelimit;

/**
 * A {@code limit_by_per_ip} key as Higress parses and matches it. Higress puts each key in its own radix tree
 * (zmap/go-iptree over asergeyev/nradix @3872ab85, {@code util/utils.go:12-19}) and looks the client up in it, and that
 * tree decides both which keys are valid and which clients they cover:
 *
 * <ul>
 *   <li>A key whose first {@code .} is not its first character is IPv4 (tree.go:75): exactly three dots, each part
 *       0-255 in decimal, leading zeros and empty parts allowed ({@code 010.1..1} is 10.1.0.1), and an optional
 *       {@code /n} of decimal digits (tree.go:487-507). A length above 32, or none after the slash, gives a mask of 0
 *       (Go's shift of a {@code uint32} by 32 or more is 0), so {@code 10.0.0.0/33} and {@code 10.0.0.0/} cover every
 *       client. {@code ::ffff:10.0.0.1} has dots, so it is read as IPv4 and refused.</li>
 *   <li>Any other key is IPv6: Go's {@code net.ParseCIDR} if it has a {@code /} after its first character, else
 *       {@code net.ParseIP} (tree.go:509-523); no zone, length 0-128.</li>
 *   <li>IPv4 keys are stored as 32-bit paths and IPv6 keys as 128-bit paths from the same root, and a client is walked
 *       down as 32 bits if it is IPv4 (or IPv4-mapped, which Go prints as IPv4) and as 128 bits otherwise
 *       (tree.go:374-426). So a key covers a client when its first {@code n} bits equal the client's first {@code n}
 *       bits and the client has at least {@code n}: {@code 0.0.0.0/0} and {@code ::/0} cover every client, IPv4 and
 *       IPv6; {@code 2001:db8::/32} also covers the IPv4 client 32.1.13.184; {@code 1.1.1.0/24} covers IPv6 clients
 *       in {@code 101:100::/24}; an IPv6 key longer than 32 bits never covers an IPv4 client.</li>
 * </ul>
 *
 * <p>Host bits beyond the length are ignored. Immutable.
 */
final class IpPrefix {
    /** 4 bytes for an IPv4 key, 16 for an IPv6 key. */
    private final byte[] bits;
    /** How many leading bits a client must share: 0-32 or 0-128. */
    private final int length;
    private final String key;
    /** What Higress reads differently from what the key seems to say; null if nothing. */
    private final String surprise;

    private IpPrefix(byte[] bits, int length, String key, String surprise) {
        this.bits = bits;
        this.length = length;
        this.key = key;
        this.surprise = surprise;
    }

    /** Parses {@code key} as nradix does, or returns null if nradix refuses it. */
    static IpPrefix parse(String key) {
        int dot = key.indexOf('.');
        int slash = key.indexOf('/');
        if (dot > 0) {
            int length = 32;
            String host = key;
            String surprise = null;
            if (slash > 0) {
                long mask = 0;
                for (int i = slash + 1; i < key.length(); i++) {
                    char c = key.charAt(i);
                    if (c < '0' || c > '9') {
                        return null;
                    }
                    mask = (mask * 10 + (c - '0')) & 0xffffffffL;
                }
                length = mask <= 32 ? (int) mask : 0;
                host = key.substring(0, slash);
                String written = key.substring(slash + 1);
                if (!written.equals(Integer.toString(length))) {
                    surprise = "the length \"" + written + "\" is read by Higress as " + length
                            + (length == 0 ? ", so the key covers every client, IPv4 and IPv6" : "");
                }
            }
            byte[] ipv4 = loadIpv4(host);
            if (ipv4 == null) {
                return null;
            }
            String dotted = (ipv4[0] & 0xff) + "." + (ipv4[1] & 0xff) + "." + (ipv4[2] & 0xff) + "." + (ipv4[3] & 0xff);
            if (surprise == null && !dotted.equals(host)) {
                surprise = "the address is read by Higress as " + dotted;
            }
            return new IpPrefix(ipv4, length, key, surprise);
        }
        if (slash > 0) {
            byte[] address = IpAddresses.parse(key.substring(0, slash));
            int length = cidrLength(key.substring(slash + 1));
            return address == null || length < 0 ? null : new IpPrefix(address, length, key, null);
        }
        byte[] address = IpAddresses.parse(key);
        return address == null ? null : new IpPrefix(address, 128, key, null);
    }

    /**
     * What Higress reads differently from what an IPv4 key seems to say, for a warning: a length above 32 or none
     * after the slash (a mask of 0, covering every client), or parts with leading zeros or empty ones
     * ({@code 010.0..1} is 10.0.0.1); null if the key means what it says.
     */
    String surprise() {
        return surprise;
    }

    /**
     * True if this key covers {@code client}: 4 bytes for an IPv4 (or IPv4-mapped) client, 16 bytes for an IPv6
     * client.
     */
    boolean contains(byte[] client) {
        if (length > client.length * 8) {
            return false;
        }
        int full = length / 8;
        for (int i = 0; i < full; i++) {
            if (client[i] != bits[i]) {
                return false;
            }
        }
        int rest = length % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return ((client[full] ^ bits[full]) & mask) == 0;
    }

    /** nradix's loadip4 (tree.go:452-485): three dots, decimal parts to 255, empty parts and leading zeros allowed. */
    private static byte[] loadIpv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int octet = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (part == 3) {
                    return null;
                }
                out[part++] = (byte) octet;
                octet = 0;
            } else if (c >= '0' && c <= '9') {
                octet = octet * 10 + (c - '0');
                if (octet > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        if (part != 3) {
            return null;
        }
        out[3] = (byte) octet;
        return out;
    }

    /** The length of Go's ParseCIDR for an IPv6 address: decimal digits only, 0-128 (net/ip.go dtoi); -1 if not. */
    private static int cidrLength(String text) {
        if (text.isEmpty() || text.length() > 8) {
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
        return value <= 128 ? value : -1;
    }

    /** The key as configured. */
    @Override
    public String toString() {
        return key;
    }
}
