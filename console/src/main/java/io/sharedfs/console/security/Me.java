package io.sharedfs.console.security;

/**
 * The logged-in user as the pages see it.
 *
 * @param operator whether controls that change something are shown
 * @param csrf the token each changing form carries (empty for HTTP Basic)
 * @param session whether the user logged in through the form (and so can log out)
 */
public record Me(String name, boolean operator, String csrf, boolean session) {
}
