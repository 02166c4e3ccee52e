package io.sharedfs.console.web;

import io.sharedfs.console.client.ServiceException;
import io.sharedfs.service.problem.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's refusal of a form, sorted for the page: each broken rule next to the field it names (e.g.
 * {@code privateDirs[1]} next to the second private dir), the rest in the summary at the top.
 */
public final class FormErrors {

    private static final FormErrors NONE = new FormErrors(null, Map.of(), List.of());

    private final String summary;
    private final Map<String, List<String>> byField;
    private final List<String> other;

    private FormErrors(String summary, Map<String, List<String>> byField, List<String> other) {
        this.summary = summary;
        this.byField = byField;
        this.other = other;
    }

    public static FormErrors none() {
        return NONE;
    }

    /**
     * @param fields the fields the form shows; a list field {@code privateDirs} also takes {@code privateDirs[i]}
     */
    public static FormErrors of(ServiceException e, Set<String> fields) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        for (Violation violation : e.violations()) {
            String field = violation.field() == null ? "" : violation.field();
            String message = violation.message() == null || violation.message().isBlank() ? violation.rule()
                    : violation.message();
            int bracket = field.indexOf('[');
            String base = bracket > 0 ? field.substring(0, bracket) : field;
            if (fields.contains(field) || fields.contains(base)) {
                byField.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
            } else {
                other.add(message);
            }
        }
        if (e.violations().isEmpty() && e.problem().detail() != null) {
            other.add(e.problem().detail());
        }
        String summary = byField.isEmpty() ? e.describe()
                : "Not saved: " + e.service() + " refused it (" + e.status() + "). Fix the fields marked below.";
        return new FormErrors(summary, byField, other);
    }

    /** Errors of one message, not tied to a field (e.g. a service that cannot be reached). */
    public static FormErrors message(String summary) {
        return new FormErrors(summary, Map.of(), List.of());
    }

    public boolean any() {
        return summary != null;
    }

    public String summary() {
        return summary;
    }

    /** Messages not tied to a field the form shows. */
    public List<String> other() {
        return other;
    }

    /** The messages for a field, e.g. {@code name}; empty when there are none. */
    public List<String> get(String field) {
        return byField.getOrDefault(field, List.of());
    }

    /** The messages for item {@code index} of a list field, e.g. {@code privateDirs[1]}. */
    public List<String> at(String field, int index) {
        return get(field + "[" + index + "]");
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    public boolean hasAt(String field, int index) {
        return byField.containsKey(field + "[" + index + "]");
    }
}
