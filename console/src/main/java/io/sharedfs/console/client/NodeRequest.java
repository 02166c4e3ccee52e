package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of adding a node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeRequest(String hostname, String address, String mac) {
}
