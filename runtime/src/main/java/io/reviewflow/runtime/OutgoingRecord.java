package io.reviewflow.runtime;

import org.apache.avro.specific.SpecificRecord;

/**
 * An encoded record waiting for its transaction; {@code value} null is a tombstone.
 * {@code partition} is null to let the key choose, or fixed for a state changelog, which must
 * stay on the partition of the input it describes. {@code rejectionReason} is set for dead letters.
 */
record OutgoingRecord(String topic, Integer partition, String key, byte[] value, String rejectionReason) {

    static <V extends SpecificRecord> OutgoingRecord deadLetter(DeadLetter<V> letter) {
        return new OutgoingRecord(letter.topic().name(), null, letter.key(), letter.topic().codec().encode(letter.value()),
                letter.reason());
    }

    boolean rejection() {
        return rejectionReason != null;
    }
}
