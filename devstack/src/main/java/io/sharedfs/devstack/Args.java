package io.sharedfs.devstack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} command-line options, {@code --flag} switches (only the names given as flags) and positional
 * arguments; enough for the launcher's fixed calls and the few options of demo, bench and audit.
 */
final class Args {

    private final String program;
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Args(String program) {
        this.program = program;
    }

    /** Only {@code --name value} pairs. */
    static Args parse(String program, String[] args) {
        return parse(program, args, Set.of(), false);
    }

    /**
     * @param flagNames options that take no value
     * @param allowPositional whether arguments that are no option are collected (else they are an error)
     */
    static Args parse(String program, String[] args, Set<String> flagNames, boolean allowPositional) {
        Args parsed = new Args(program);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") && arg.length() > 2) {
                String name = arg.substring(2);
                int equals = name.indexOf('=');
                if (equals > 0) {
                    parsed.values.put(name.substring(0, equals), name.substring(equals + 1));
                } else if (flagNames.contains(name)) {
                    parsed.flags.add(name);
                } else if (i + 1 < args.length) {
                    parsed.values.put(name, args[++i]);
                } else {
                    throw parsed.usage("--" + name + " needs a value");
                }
            } else if (allowPositional) {
                parsed.positional.add(arg);
            } else {
                throw parsed.usage("expected --name value pairs, got '" + arg + "'");
            }
        }
        return parsed;
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw usage("missing --" + name);
        }
        return value;
    }

    String optional(String name, String fallback) {
        String value = values.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    boolean has(String name) {
        return values.containsKey(name) && !values.get(name).isBlank();
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    List<String> positional() {
        return positional;
    }

    int intValue(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw usage("--" + name + " must be a whole number, got '" + value + "'");
        }
    }

    double doubleValue(String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw usage("--" + name + " must be a number, got '" + value + "'");
        }
    }

    IllegalArgumentException usage(String message) {
        return new IllegalArgumentException(program + ": " + message);
    }
}
