package io.backfill.local;

/**
 * Reads the values of command-line options for the demo and benchmark mains, failing with a
 * {@link UsageException} that names the option, so a mistyped flag prints usage instead of a stack trace.
 */
public final class OptionValues {

    private OptionValues() {}

    /** The option's value; a missing value or the next option in its place is a usage error. */
    public static String required(String option, String value) {
        if (value == null || value.startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return value;
    }

    /** The option's value as a whole number of at least 1. */
    public static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(required(option, value));
            if (n < 1) {
                throw new UsageException(option + " must be at least 1, was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, was '" + value + "'");
        }
    }

    /** A command line that cannot be run; the message says why. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
