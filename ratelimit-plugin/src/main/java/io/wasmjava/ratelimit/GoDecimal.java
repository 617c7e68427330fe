package io.wasmjava.ratelimit;

/**
 * A JSON number as an exact decimal, for the two things gjson does with the {@code float64} it parses a number into:
 * print it where a string is read (Go's {@code strconv.FormatFloat(f, 'f', -1, 64)}, gjson.go:91), and tell zero,
 * which {@code Bool()} needs. Done without {@code double}: TeaVM's {@code Double.parseDouble} and
 * {@code Double.toString} add about 74 KB to the module.
 *
 * <p>Exact where the {@code float64} is: a number of at most 15 significant digits in the range of normal doubles is
 * the shortest form of its own {@code float64} (15 digits always survive a round trip), so Go prints its digits,
 * without an exponent ({@code 1e3} is {@code 1000}, {@code 1.50} is {@code 1.5}, {@code 1e-7} is {@code 0.0000001}).
 * Beyond that, where Go would print the shortest digits of the nearest double, this prints the number as written; at
 * or above 1e309 it is {@code +Inf}/{@code -Inf}, and below 1e-324 it is zero, as in Go. So only numbers of 16 or more
 * significant digits, and the edges of the double range, print differently, and only where a string is read.
 */
final class GoDecimal {
    /** The significant digits, without leading or trailing zeros; {@code "0"} for zero. */
    private final String digits;
    /** The value is {@code digits * 10^exponent}. */
    private final long exponent;
    private final boolean negative;

    private GoDecimal(String digits, long exponent, boolean negative) {
        this.digits = digits;
        this.exponent = exponent;
        this.negative = negative;
    }

    /** Reads an RFC 8259 number: {@code -?digits(.digits)?([eE][+-]?digits)?}. */
    static GoDecimal parse(String jsonNumber) {
        boolean negative = jsonNumber.startsWith("-");
        StringBuilder all = new StringBuilder(jsonNumber.length());
        long exponent = 0;
        boolean afterPoint = false;
        for (int i = negative ? 1 : 0; i < jsonNumber.length(); i++) {
            char c = jsonNumber.charAt(i);
            if (c == '.') {
                afterPoint = true;
            } else if (c == 'e' || c == 'E') {
                // The JSON reader bounds an exponent to the range of int.
                exponent += Gjson.parseInt(jsonNumber.substring(jsonNumber.charAt(i + 1) == '+' ? i + 2 : i + 1));
                break;
            } else {
                all.append(c);
                if (afterPoint) {
                    exponent--;
                }
            }
        }
        int first = 0;
        while (first < all.length() && all.charAt(first) == '0') {
            first++;
        }
        if (first == all.length()) {
            return new GoDecimal("0", 0, negative);
        }
        int end = all.length();
        while (all.charAt(end - 1) == '0') {
            end--;
            exponent++;
        }
        return new GoDecimal(all.substring(first, end), exponent, negative);
    }

    /** Go's {@code strconv.FormatFloat(f, 'f', -1, 64)} of the {@code float64} of {@code jsonNumber}; see the class. */
    static String formatF(String jsonNumber) {
        GoDecimal number = parse(jsonNumber);
        String sign = number.negative ? "-" : "";
        if (number.isFloatZero()) {
            return sign + "0";
        }
        if (number.leadingExponent() >= 309) {
            return number.negative ? "-Inf" : "+Inf";
        }
        return sign + number.plain();
    }

    /** True if the {@code float64} of this number is zero: it is zero, or below 1e-324 (which rounds to zero). */
    boolean isFloatZero() {
        return digits.equals("0") || leadingExponent() <= -325;
    }

    /** The power of ten of the first significant digit. */
    private long leadingExponent() {
        return exponent + digits.length() - 1;
    }

    /** The digits of the integer part (truncated toward zero), without sign; {@code "0"} if there are none. */
    String integerDigits() {
        if (exponent >= 0) {
            StringBuilder out = new StringBuilder(digits);
            for (long k = 0; k < exponent; k++) {
                out.append('0');
            }
            return out.toString();
        }
        long before = digits.length() + exponent;
        return before > 0 ? digits.substring(0, (int) before) : "0";
    }

    /** This decimal without an exponent or sign: {@code 1000}, {@code 1.5}, {@code 0.0001}. */
    private String plain() {
        if (exponent >= 0) {
            return integerDigits();
        }
        long before = digits.length() + exponent;
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (before > 0) {
            return out.append(digits, 0, (int) before).append('.').append(digits, (int) before, digits.length())
                    .toString();
        }
        out.append("0.");
        for (long k = before; k < 0; k++) {
            out.append('0');
        }
        return out.append(digits).toString();
    }
}
