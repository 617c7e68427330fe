package io.wasmjava.core;

/**
 * Something registered that can be taken back: a release action ({@link HttpContext#onStreamEnd}) or an entry of a
 * {@link RegistrationList}. Cancelling is idempotent and takes constant time; cancelling after the registration has
 * already fired or been removed does nothing.
 */
@FunctionalInterface
public interface Registration {
    /** A registration with nothing to cancel. */
    Registration NONE = () -> {
    };

    /** Removes the registration if it is still there. */
    void cancel();
}
