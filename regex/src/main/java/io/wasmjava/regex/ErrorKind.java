package io.wasmjava.regex;

/**
 * Why a pattern was rejected. Every constant but {@link #UNSUPPORTED_UNICODE_SCRIPT} is one of Go's
 * {@code regexp/syntax} error codes, and {@link #text()} is that code's text word for word (Go's
 * {@code src/regexp/syntax/parse.go}, the {@code ErrorCode} constants), so an operator who knows Go's messages
 * recognises ours.
 */
public enum ErrorKind {
    /** Go's {@code ErrInvalidCharClass}; Go's parser never reports it today, and neither does this one. */
    INVALID_CHAR_CLASS("invalid character class"),
    /**
     * A range whose end is below its start ({@code [z-a]}), an unknown POSIX class ({@code [[:foo:]]}) or an unknown
     * Unicode class ({@code \p{Foo}}).
     */
    INVALID_CHAR_RANGE("invalid character class range"),
    /** An escape Go does not define: a backreference {@code \1}, {@code \C}, {@code \q}, a bad {@code \x}. */
    INVALID_ESCAPE("invalid escape sequence"),
    /** A bad group name ({@code (?P<>x)}, {@code (?P<a-b>x)}), and Go's answer to lookbehind {@code (?<=x)}. */
    INVALID_NAMED_CAPTURE("invalid named capture"),
    /** Perl syntax RE2 does not have: lookahead {@code (?=}, {@code (?!}, atomic groups {@code (?>}, {@code (?#}. */
    INVALID_PERL_OP("invalid or unsupported Perl syntax"),
    /** Stacked repetition operators: {@code a**}, and possessive quantifiers such as {@code a++}. */
    INVALID_REPEAT_OP("invalid nested repetition operator"),
    /** A count above 1000 ({@code a{1001}}), {@code {2,1}}, or nested counts whose product exceeds 1000. */
    INVALID_REPEAT_SIZE("invalid repeat count"),
    /** A {@code [} without its {@code ]}. */
    MISSING_BRACKET("missing closing ]"),
    /** A {@code (} without its {@code )}. */
    MISSING_PAREN("missing closing )"),
    /** A repetition operator with nothing before it: {@code *a}, {@code (+)}, {@code a|?}. */
    MISSING_REPEAT_ARGUMENT("missing argument to repetition operator"),
    /** The pattern ends in a single backslash. */
    TRAILING_BACKSLASH("trailing backslash at end of expression"),
    /** A {@code )} without its {@code (}. */
    UNEXPECTED_PAREN("unexpected )"),
    /** The parse tree is more than 1000 levels deep (Go's {@code maxHeight}). */
    NESTING_DEPTH("expression nests too deeply"),
    /** The compiled program would exceed Go's size limit, or the classes hold too many ranges. */
    LARGE("expression too large"),
    /**
     * A Unicode script class such as {@code \p{Greek}}: Go accepts it, but TeaVM's class library has no script data
     * ({@code Character.UnicodeScript}), so this engine cannot honour it and refuses it rather than guess. Not a Go
     * error code: a documented divergence.
     */
    UNSUPPORTED_UNICODE_SCRIPT("unsupported Unicode script class (wasmjava-regex has no script tables)");

    private final String text;

    ErrorKind(String text) {
        this.text = text;
    }

    /** The error's text, as Go's {@code ErrorCode.String()} prints it. */
    public String text() {
        return text;
    }
}
