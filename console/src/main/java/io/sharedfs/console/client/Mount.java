package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One line of a node's mount table. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Mount(String source, String target, String type, String options, String seedFrom) {
}
