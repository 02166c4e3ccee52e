package io.sharedfs.image.domain;

/** A VE that uses an image, with its number of live nodes. */
public record VeUse(long veId, String veName, long nodes) {
}
