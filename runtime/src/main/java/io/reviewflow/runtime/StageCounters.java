package io.reviewflow.runtime;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of one stage instance, readable from any thread. */
public final class StageCounters {
    final AtomicLong recordsConsumed = new AtomicLong();
    final AtomicLong recordsProduced = new AtomicLong();
    final AtomicLong recordsForwarded = new AtomicLong();
    final AtomicLong rejections = new AtomicLong();
    final AtomicLong transactionsCommitted = new AtomicLong();
    final AtomicLong transactionsAborted = new AtomicLong();

    public long recordsConsumed() {
        return recordsConsumed.get();
    }

    public long recordsProduced() {
        return recordsProduced.get();
    }

    /** Input records sent on to their home partition (stages with per-key state only). */
    public long recordsForwarded() {
        return recordsForwarded.get();
    }

    public long rejections() {
        return rejections.get();
    }

    public long transactionsCommitted() {
        return transactionsCommitted.get();
    }

    public long transactionsAborted() {
        return transactionsAborted.get();
    }

    @Override
    public String toString() {
        return "consumed=" + recordsConsumed + " produced=" + recordsProduced + " forwarded=" + recordsForwarded + " rejected=" + rejections
                + " committed=" + transactionsCommitted + " aborted=" + transactionsAborted;
    }
}
