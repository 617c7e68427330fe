package io.wasmjava.examples.chain;

/** A step of the chain failed; {@link #step()} says which, the cause says why. */
final class ChainStepException extends Exception {
    private final String step;

    ChainStepException(String step, Throwable cause) {
        super(step + " step failed: " + cause.getMessage(), cause);
        this.step = step;
    }

    /** {@code token}, {@code quota} or {@code backend}. */
    String step() {
        return step;
    }

    /** The body of the local response for {@code failure}: {@code chain failed at <step>}. */
    static String responseBody(Throwable failure) {
        return failure instanceof ChainStepException
                ? "chain failed at " + ((ChainStepException) failure).step() : "chain failed";
    }
}
