package io.sharedfs.service.problem;

/**
 * One broken rule: the request field (e.g. {@code privateDirs[1]}), a stable rule name a program
 * can match on (e.g. {@code absolute}), and a sentence for the operator.
 */
public record Violation(String field, String rule, String message) {
}
