package io.reviewflow.runtime;

/**
 * An encoded record waiting for its transaction; {@code value} null is a tombstone.
 * {@code partition} is null to let the key choose, or fixed for a state changelog, which must
 * stay on the partition of the input it describes.
 */
record OutgoingRecord(String topic, Integer partition, String key, byte[] value, boolean rejection) {}
