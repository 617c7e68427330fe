package io.wasmjava.host;

import java.util.List;

/**
 * Thrown by the callback during which the host recorded {@linkplain HostEmulator#problems() problems}: host calls it
 * does not model, bad pointers or malformed data from the module, a status code the ABI does not define. A correct
 * plugin on a correct SDK never causes one.
 */
public final class HostProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /** A failure listing {@code problems}, in the order they happened. */
    public HostProblemException(String message, List<String> problems) {
        super(message + ": " + problems);
        this.problems = List.copyOf(problems);
    }

    /** A failure for one problem, whose description is the message. */
    public HostProblemException(String problem) {
        super(problem);
        this.problems = List.of(problem);
    }

    /** The problems, in order. */
    public List<String> problems() {
        return problems;
    }
}
