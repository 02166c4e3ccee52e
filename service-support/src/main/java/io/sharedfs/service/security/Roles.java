package io.sharedfs.service.security;

/** The two roles of every service: a viewer reads, an operator changes. */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
