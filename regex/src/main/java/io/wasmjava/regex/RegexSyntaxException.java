package io.wasmjava.regex;

/**
 * Thrown by {@link Regex#compile} for a pattern that Go's {@code regexp.Compile} rejects (or that this engine cannot
 * support, see {@link ErrorKind#UNSUPPORTED_UNICODE_SCRIPT}). The message has Go's exact form,
 * {@code error parsing regexp: <kind text>: `<fragment>`}, for example
 * {@code error parsing regexp: invalid or unsupported Perl syntax: `(?=`}.
 */
public final class RegexSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String fragment;

    RegexSyntaxException(ErrorKind kind, String fragment) {
        super("error parsing regexp: " + kind.text() + ": `" + fragment + "`");
        this.kind = kind;
        this.fragment = fragment;
    }

    /** Why the pattern was rejected. */
    public ErrorKind kind() {
        return kind;
    }

    /**
     * The offending part of the pattern, as Go quotes it: for most errors the construct itself ({@code (?=},
     * {@code \1}, {@code **}); for {@link ErrorKind#MISSING_PAREN}, {@link ErrorKind#UNEXPECTED_PAREN},
     * {@link ErrorKind#NESTING_DEPTH} and {@link ErrorKind#LARGE} the whole pattern; for
     * {@link ErrorKind#TRAILING_BACKSLASH} the empty string.
     */
    public String fragment() {
        return fragment;
    }
}
