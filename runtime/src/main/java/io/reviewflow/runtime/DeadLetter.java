package io.reviewflow.runtime;

import org.apache.avro.specific.SpecificRecord;

/**
 * A record that takes an unusable input's place, written in the transaction that consumes the input.
 *
 * @param reason the reason code it is counted under in metrics and listeners
 */
public record DeadLetter<V extends SpecificRecord>(TopicSpec<V> topic, String key, V value, String reason) {}
