package io.reviewflow.runtime;

/** An encoded record waiting for its transaction; {@code value} null is a tombstone. */
record OutgoingRecord(String topic, String key, byte[] value, boolean rejection) {}
