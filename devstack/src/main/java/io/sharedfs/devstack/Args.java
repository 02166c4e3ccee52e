package io.sharedfs.devstack;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options; enough for the launcher's few fixed calls. */
final class Args {

    private final String program;
    private final Map<String, String> values = new HashMap<>();

    private Args(String program) {
        this.program = program;
    }

    static Args parse(String program, String[] args) {
        Args parsed = new Args(program);
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw parsed.usage("expected --name value pairs, got '" + name + "'");
            }
            parsed.values.put(name.substring(2), args[++i]);
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
        return values.getOrDefault(name, fallback);
    }

    int intValue(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw usage("--" + name + " must be a number, got '" + value + "'");
        }
    }

    IllegalArgumentException usage(String message) {
        return new IllegalArgumentException(program + ": " + message);
    }
}
