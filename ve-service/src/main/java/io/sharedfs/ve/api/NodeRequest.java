package io.sharedfs.ve.api;

/** The body of {@code POST /ves/{id}/nodes}: an RFC 1123 hostname, the node's IP address, an optional MAC. */
public record NodeRequest(String hostname, String address, String mac) {
}
