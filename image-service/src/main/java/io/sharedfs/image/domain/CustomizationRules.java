package io.sharedfs.image.domain;

import io.sharedfs.contracts.customization.CustomizationPath;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.service.problem.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rules a customization request must follow before the image is even looked at; pure logic.
 * The path rule is the contracts' {@link CustomizationPath}, shared with every other service.
 */
public final class CustomizationRules {

    private CustomizationRules() {
    }

    /** Every rule the request breaks, in field order; empty when it is valid. */
    public static List<Violation> check(String path, String scope) {
        List<Violation> violations = new ArrayList<>();
        CustomizationScope parsed = scope(scope, violations);
        try {
            // Without a valid scope the scope-independent part of the rule is still checked.
            CustomizationPath.check(path, parsed);
        } catch (IllegalArgumentException e) {
            String rule = path == null || path.isEmpty() ? "required" : "customizable-path";
            violations.add(0, new Violation("path", rule, e.getMessage()));
        }
        return violations;
    }

    /** The scope named by {@code text}; only call after {@link #check} found no violation. */
    public static CustomizationScope scope(String text) {
        return CustomizationScope.valueOf(text);
    }

    /** The status named by {@code text} (a list filter), or null for none; a 400 naming {@code field} otherwise. */
    public static CustomizationStatus status(String text, String field, List<Violation> violations) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        for (CustomizationStatus status : CustomizationStatus.values()) {
            if (status.name().equals(text)) {
                return status;
            }
        }
        violations.add(new Violation(field, "one-of",
                field + " must be one of " + Arrays.toString(CustomizationStatus.values()) + ", not '" + text + "'"));
        return null;
    }

    private static CustomizationScope scope(String text, List<Violation> violations) {
        if (text == null || text.isEmpty()) {
            violations.add(new Violation("scope", "required",
                    "scope is required: VE (a file per VE), NODE (a file per node) or ALL (one file for every node)"));
            return null;
        }
        for (CustomizationScope scope : CustomizationScope.values()) {
            if (scope.name().equals(text)) {
                return scope;
            }
        }
        violations.add(new Violation("scope", "one-of",
                "scope must be one of " + Arrays.toString(CustomizationScope.values()) + ", not '" + text + "'"));
        return null;
    }
}
