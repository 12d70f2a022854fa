package io.reviewflow.runtime;

/** Where an input record came from: named in rejections so an operator can find the original. */
public record SourcePosition(String topic, int partition, long offset, String key) {}
