package io.wasmjava.ratelimit;

/**
 * IPv4 and IPv6 addresses as 16-byte arrays (IPv4 in its IPv4-mapped form {@code ::ffff:a.b.c.d}), parsed and
 * printed the way Go's {@code net.ParseIP} and {@code net.IP.String()} do, so {@code limit_by_per_ip} writes the
 * same Redis keys as Higress.
 */
final class IpAddresses {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IpAddresses() {
    }

    /**
     * Parses a textual address: dotted IPv4 ({@code 10.0.0.1}, no leading zeros, as Go 1.17+) or IPv6 with optional
     * {@code ::} and an optional trailing dotted IPv4 part. Zones ({@code %eth0}), brackets and ports are not part of
     * an address.
     *
     * @return the 16-byte address, or null if {@code text} is not an address
     */
    static byte[] parse(String text) {
        if (text.indexOf(':') < 0) {
            byte[] v4 = parseIpv4(text);
            if (v4 == null) {
                return null;
            }
            byte[] address = new byte[16];
            address[10] = (byte) 0xff;
            address[11] = (byte) 0xff;
            System.arraycopy(v4, 0, address, 12, 4);
            return address;
        }
        return parseIpv6(text);
    }

    /** True if {@code address} (16 bytes) is an IPv4 address in its mapped form. */
    static boolean isIpv4(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    /**
     * Prints {@code address} (16 bytes) as Go's {@code net.IP.String()}: dotted for IPv4, otherwise RFC 5952 (lower
     * case, no leading zeros, the first longest run of two or more zero groups as {@code ::}).
     */
    static String format(byte[] address) {
        StringBuilder out = new StringBuilder(39);
        if (isIpv4(address)) {
            for (int i = 12; i < 16; i++) {
                if (i > 12) {
                    out.append('.');
                }
                out.append(address[i] & 0xff);
            }
            return out.toString();
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int group = 0; group < 8; group++) {
            int length = 0;
            while (group + length < 8 && groupAt(address, group + length) == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = group;
                bestLength = length;
            }
            group += length;
        }
        for (int group = 0; group < 8; group++) {
            if (group == bestStart) {
                out.append("::");
                group += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            appendHex(out, groupAt(address, group));
        }
        return out.toString();
    }

    /**
     * The client address in {@code text} (the first element of an {@code X-Forwarded-For}-style header, or Envoy's
     * {@code source.address}), as Higress reads it where Higress can: its {@code util.ParseIP} (utils.go:22-32) cuts
     * text with a {@code .} at the first {@code :} and {@code [v6]...} at the {@code ]}, then Go's
     * {@code net.ParseIP} parses the rest (main.go:283-287). Where that fails, the text is read as
     * {@link #parseHostPort} reads it, so that a client cannot escape its limit by writing its address another way:
     * Higress gives up on spaces around it ({@code " 10.0.0.1 , ..."}), on {@code ::ffff:10.0.0.1} and on
     * {@code [::ffff:10.0.0.1]:80} (the dots make it cut at the first colon), and on {@code 64:ff9b::10.0.0.1}.
     *
     * @return the 16-byte address, or null if there is none
     */
    static byte[] parseClient(String text) {
        byte[] address = parse(higressHost(text));
        return address != null ? address : parseHostPort(text);
    }

    /** The part of {@code text} Higress's util.ParseIP passes to net.ParseIP (utils.go:22-32). */
    private static String higressHost(String text) {
        if (text.indexOf('.') >= 0) {
            int colon = text.indexOf(':');
            return colon < 0 ? text : text.substring(0, colon);
        }
        int close = text.indexOf(']');
        if (close < 0) {
            return text;
        }
        // Go slices off the first character of what precedes the ']' (and panics if nothing does).
        return close == 0 ? "" : text.substring(1, close);
    }

    /**
     * Extracts the address from a socket address as Envoy prints {@code source.address} ({@code 10.0.0.1:5678},
     * {@code [2001:db8::1]:5678}) or from a bare address; surrounding spaces and tabs are ignored.
     *
     * @return the 16-byte address, or null if there is none
     */
    static byte[] parseHostPort(String text) {
        String value = text.trim();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close < 0 ? null : parse(value.substring(1, close));
        }
        int colon = value.indexOf(':');
        if (colon >= 0 && value.indexOf(':', colon + 1) < 0) {
            value = value.substring(0, colon); // IPv4 with a port; IPv6 has at least two colons.
        }
        return parse(value);
    }

    private static int groupAt(byte[] address, int group) {
        return (address[2 * group] & 0xff) << 8 | (address[2 * group + 1] & 0xff);
    }

    private static void appendHex(StringBuilder out, int value) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int digit = (value >>> shift) & 0xf;
            if (digit != 0 || started || shift == 0) {
                out.append(HEX[digit]);
                started = true;
            }
        }
    }

    private static byte[] parseIpv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int i = 0;
        int length = text.length();
        while (true) {
            int start = i;
            int value = 0;
            while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return null;
                }
            }
            if (i == start || value > 255 || (i - start > 1 && text.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part == 4) {
                return i == length ? out : null;
            }
            if (i >= length || text.charAt(i) != '.') {
                return null;
            }
            i++;
        }
    }

    private static byte[] parseIpv6(String text) {
        byte[] out = new byte[16];
        int length = text.length();
        int i = 0;
        int filled = 0;
        int ellipsis = -1;
        if (length >= 2 && text.charAt(0) == ':' && text.charAt(1) == ':') {
            ellipsis = 0;
            i = 2;
            if (i == length) {
                return out;
            }
        }
        while (filled < 16) {
            int start = i;
            int value = 0;
            while (i < length && Character.digit(text.charAt(i), 16) >= 0 && i - start < 5) {
                value = value * 16 + Character.digit(text.charAt(i), 16);
                i++;
            }
            if (i == start || i - start > 4) {
                return null;
            }
            if (i < length && text.charAt(i) == '.') {
                // An embedded IPv4 address takes the last 32 bits.
                if (ellipsis < 0 && filled != 12 || filled + 4 > 16) {
                    return null;
                }
                byte[] v4 = parseIpv4(text.substring(start));
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, filled, 4);
                filled += 4;
                i = length;
                break;
            }
            out[filled++] = (byte) (value >>> 8);
            out[filled++] = (byte) value;
            if (i == length) {
                break;
            }
            if (text.charAt(i) != ':' || i + 1 == length) {
                return null;
            }
            i++;
            if (text.charAt(i) == ':') {
                if (ellipsis >= 0) {
                    return null;
                }
                ellipsis = filled;
                i++;
                if (i == length) {
                    break;
                }
            }
        }
        if (i != length) {
            return null;
        }
        if (filled < 16) {
            if (ellipsis < 0) {
                return null;
            }
            int tail = filled - ellipsis;
            System.arraycopy(out, ellipsis, out, 16 - tail, tail);
            for (int k = ellipsis; k < 16 - tail; k++) {
                out[k] = 0;
            }
        } else if (ellipsis >= 0) {
            // "::" must stand for at least one zero group; Go rejects a full address that also has one.
            return null;
        }
        return out;
    }
}
