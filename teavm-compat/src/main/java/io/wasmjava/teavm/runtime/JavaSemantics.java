package io.wasmjava.teavm.runtime;

/**
 * Java-semantics arithmetic the compat plugin substitutes for TeaVM's bare Wasm instructions. This class itself is
 * excluded from the rewrite, so its own {@code /} and {@code %} stay Wasm instructions.
 */
public final class JavaSemantics {
    private JavaSemantics() {
    }

    public static int divide(int dividend, int divisor) {
        requireNonZero(divisor);
        // i32.div_s traps on MIN_VALUE / -1; Java wraps to MIN_VALUE, which is what negation does.
        return divisor == -1 ? -dividend : dividend / divisor;
    }

    public static int remainder(int dividend, int divisor) {
        requireNonZero(divisor);
        return divisor == -1 ? 0 : dividend % divisor;
    }

    public static long divide(long dividend, long divisor) {
        requireNonZero(divisor);
        return divisor == -1 ? -dividend : dividend / divisor;
    }

    public static long remainder(long dividend, long divisor) {
        requireNonZero(divisor);
        return divisor == -1 ? 0 : dividend % divisor;
    }

    private static void requireNonZero(long divisor) {
        if (divisor == 0) {
            throw new ArithmeticException("/ by zero");
        }
    }

    public static int checkArraySize(int size) {
        if (size < 0) {
            throw new NegativeArraySizeException(Integer.toString(size));
        }
        return size;
    }
}
