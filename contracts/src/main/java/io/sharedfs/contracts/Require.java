package io.sharedfs.contracts;

import java.util.List;
import java.util.Set;

/**
 * Checks used by the records' constructors, so a message that is missing what consumers need
 * cannot be built or parsed (it is dead-lettered instead of half-processed).
 */
public final class Require {

    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required and must not be blank");
        }
        return value;
    }

    public static long positive(long value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be a positive number, got " + value);
        }
        return value;
    }

    public static long notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
        return value;
    }

    /** An immutable copy; a missing list (an older producer) reads as empty; null items are refused. */
    public static <T> List<T> list(List<T> value, String field) {
        if (value == null) {
            return List.of();
        }
        noNullItems(value, field);
        return List.copyOf(value);
    }

    /** An immutable copy; a missing set (an older producer) reads as empty; null items are refused. */
    public static <T> Set<T> set(Set<T> value, String field) {
        if (value == null) {
            return Set.of();
        }
        noNullItems(value, field);
        return Set.copyOf(value);
    }

    private static void noNullItems(java.util.Collection<?> value, String field) {
        for (Object item : value) {
            if (item == null) {
                throw new IllegalArgumentException(field + " must not hold a null item");
            }
        }
    }
}
