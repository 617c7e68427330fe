package io.wasmjava.examples.chain;

/** A dependency answered, but not with what the chain needs (an error status, an empty body, no quota). */
final class BadReplyException extends RuntimeException {
    BadReplyException(String message) {
        super(message);
    }
}
