package io.wasmjava.cluster;

/** Argument checks and the cluster-name encoding shared by the descriptors. */
final class Checks {
    static final int MIN_PORT = 1;
    static final int MAX_PORT = 65535;

    private Checks() {
    }

    /**
     * Checks a part of a cluster name: it must not be empty or blank, and must not contain {@code |} (the
     * cluster-name separator), whitespace or control characters.
     */
    static String namePart(String field, String value) {
        requireNotEmpty(field, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '|') {
                throw new IllegalArgumentException(field + ": must not contain '|' but was \"" + value + "\"");
            }
            if (isWhitespaceOrControl(c)) {
                throw invalidCharacter(field, value);
            }
        }
        return value;
    }

    /** Checks an authority or a verbatim cluster name: not empty, no whitespace or control characters. */
    static String token(String field, String value) {
        requireNotEmpty(field, value);
        for (int i = 0; i < value.length(); i++) {
            if (isWhitespaceOrControl(value.charAt(i))) {
                throw invalidCharacter(field, value);
            }
        }
        return value;
    }

    /** Checks a name part that may be absent: null passes, anything else as {@link #namePart}. */
    static String optionalNamePart(String field, String value) {
        return value == null ? null : namePart(field, value);
    }

    /** Checks an authority that may be absent: null passes, anything else as {@link #token}. */
    static String optionalToken(String field, String value) {
        return value == null ? null : token(field, value);
    }

    static int port(String field, int port) {
        if (port < MIN_PORT || port > MAX_PORT) {
            throw new IllegalArgumentException(field + ": must be 1-65535 but was " + port);
        }
        return port;
    }

    /** Returns {@code outbound|<port>|<version>|<host>}, the Istio-style name Higress gives its clusters. */
    static String outbound(int port, String version, String host) {
        return "outbound|" + port + "|" + (version == null ? "" : version) + "|" + host;
    }

    private static void requireNotEmpty(String field, String value) {
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
    }

    private static boolean isWhitespaceOrControl(char c) {
        // ASCII first: TeaVM's Character.isWhitespace goes through the Unicode tables.
        if (c < 0x80) {
            return c <= ' ' || c == 0x7f;
        }
        return Character.isWhitespace(c) || Character.isISOControl(c);
    }

    private static IllegalArgumentException invalidCharacter(String field, String value) {
        return new IllegalArgumentException(
                field + ": must not contain whitespace or control characters but was \"" + value + "\"");
    }
}
