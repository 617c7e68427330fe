package io.wasmjava.core;

/** Fills {@link Log} templates: each {@code {}} takes the next argument, without {@code String.format}. */
final class LogTemplate {
    private LogTemplate() {
    }

    /**
     * {@code template} with each {@code {}} replaced by the next argument's text; {@link Sensitive} arguments print
     * as {@link Log#REDACTED} when {@code mask}. Extra placeholders stay, extra arguments are ignored.
     */
    static String format(String template, Object[] arguments, boolean mask) {
        int count = arguments == null ? 0 : arguments.length;
        StringBuilder out = new StringBuilder(template.length() + 16 * count);
        int next = 0;
        int from = 0;
        for (int at = template.indexOf("{}"); at >= 0 && next < count; at = template.indexOf("{}", from)) {
            out.append(template, from, at);
            Object argument = arguments[next++];
            if (argument instanceof Sensitive) {
                out.append(mask ? Log.REDACTED : String.valueOf(((Sensitive) argument).value));
            } else {
                out.append(argument);
            }
            from = at + 2;
        }
        return out.append(template, from, template.length()).toString();
    }

    /** A {@link Log#sensitive} argument. */
    static final class Sensitive {
        final Object value;

        Sensitive(Object value) {
            this.value = value;
        }

        /** Masked, so that a value passed on by mistake (e.g. concatenated into a message) does not leak. */
        @Override
        public String toString() {
            return Log.REDACTED;
        }
    }
}
