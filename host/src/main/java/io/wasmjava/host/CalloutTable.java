package io.wasmjava.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Pending callouts of one kind by token, in dispatch order. Tokens step by 4 from a kind's start, so HTTP tokens
 * ({@code ≡ 0 mod 4}) and Redis tokens ({@code ≡ 3 mod 4}) never collide, as in proxy-wasm-cpp-host and Higress.
 */
final class CalloutTable<C> {
    private final Map<Integer, C> pending = new LinkedHashMap<>();
    private int lastToken;

    /** A table whose first token is {@code lastToken + 4}. */
    CalloutTable(int lastToken) {
        this.lastToken = lastToken;
    }

    /** Records the callout {@code make} builds for the next token, and returns it. */
    C add(IntFunction<C> make) {
        lastToken += 4;
        C callout = make.apply(lastToken);
        pending.put(lastToken, callout);
        return callout;
    }

    List<C> pending() {
        return List.copyOf(pending.values());
    }

    /** The pending callout with {@code token}, or null. */
    C pending(int token) {
        return pending.get(token);
    }

    /** Removes and returns the pending callout with {@code token}, or null. */
    C take(int token) {
        return pending.remove(token);
    }
}
