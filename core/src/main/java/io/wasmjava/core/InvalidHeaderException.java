package io.wasmjava.core;

/**
 * A header name or value the SDK refuses to hand to the host (see {@link HeaderValidator}). Thrown at the call that
 * tried to add, replace or build the header. The message names the header and, for a bad character, its position;
 * it never contains the value, which may be a credential.
 */
public final class InvalidHeaderException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String headerName;
    private final int index;

    InvalidHeaderException(String message, String headerName, int index) {
        super(message);
        this.headerName = headerName;
        this.index = index;
    }

    /** The name of the header at fault, as given (it may itself hold the bad character); null if it was null. */
    public String headerName() {
        return headerName;
    }

    /**
     * The index of the offending character in the name or the value (a {@code char} index of the Java string), or -1
     * if the problem is not one character (an empty name, a pseudo-header not allowed where it was used).
     */
    public int index() {
        return index;
    }
}
