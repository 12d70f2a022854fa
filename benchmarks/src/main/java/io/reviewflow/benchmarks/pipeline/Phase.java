package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.avro.ReviewSubmission;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One timed batch of reviews through one variant: warm-up, flat out, or at a fixed rate. Keys are
 * {@code tag + index}, so the outcome reader finds a review's send time without a map.
 * Times are System.nanoTime() of this JVM: the submitter and the reader share its clock.
 */
final class Phase {

    final String tag;
    final List<SyntheticReviews.Planned> reviews;
    /** 0 sends flat out. */
    final double ratePerSecond;
    final AtomicLongArray sentNanos;
    final AtomicLongArray seenNanos;
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger outcomes = new AtomicInteger();
    final AtomicInteger published = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();
    /** Outcomes seen for a review that already had one: exactly-once says zero. */
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger unknown = new AtomicInteger();

    /** When the submitter's producer had every review of the phase acknowledged (System.nanoTime()); 0 until then. */
    volatile long allAckedNanos;

    /** Which round of the bench this phase belongs to; negative for a warm-up round. */
    final int round;

    Phase(String tag, List<SyntheticReviews.Planned> reviews, double ratePerSecond, int round) {
        this.tag = tag;
        this.round = round;
        this.reviews = reviews;
        this.ratePerSecond = ratePerSecond;
        this.sentNanos = new AtomicLongArray(reviews.size());
        this.seenNanos = new AtomicLongArray(reviews.size());
    }

    int size() {
        return reviews.size();
    }

    ReviewSubmission submission(int i) {
        return reviews.get(i).submission();
    }

    boolean complete() {
        return outcomes.get() >= reviews.size();
    }

    long expectedRejections() {
        return reviews.stream().filter(r -> !r.valid()).count();
    }

    /** Called by the reader for each outcome record whose key belongs to this phase. */
    void seen(int index, boolean rejection, long nanos) {
        if (index < 0 || index >= reviews.size()) {
            unknown.incrementAndGet();
            return;
        }
        if (!seenNanos.compareAndSet(index, 0, nanos)) {
            duplicates.incrementAndGet();
            return;
        }
        (rejection ? rejected : published).incrementAndGet();
        outcomes.incrementAndGet();
    }

    long firstSentNanos() {
        long first = Long.MAX_VALUE;
        for (int i = 0; i < sentNanos.length(); i++) {
            long t = sentNanos.get(i);
            if (t != 0) {
                first = Math.min(first, t);
            }
        }
        return first;
    }

    /**
     * Reviews the broker acknowledged per second: from the first send to the moment the submitter's
     * producer had every one acknowledged (its flush returned). NaN before that.
     */
    double submitRate() {
        long first = firstSentNanos();
        long acked = allAckedNanos;
        return acked > first && first != Long.MAX_VALUE ? sent.get() / ((acked - first) / 1e9) : Double.NaN;
    }

    long lastSeenNanos() {
        long last = 0;
        for (int i = 0; i < seenNanos.length(); i++) {
            last = Math.max(last, seenNanos.get(i));
        }
        return last;
    }

    /** The times outcomes were seen, ascending, for reviews that have one. */
    long[] sortedSeenNanos() {
        long[] seen = new long[seenNanos.length()];
        int n = 0;
        for (int i = 0; i < seenNanos.length(); i++) {
            long t = seenNanos.get(i);
            if (t != 0) {
                seen[n++] = t;
            }
        }
        long[] result = Arrays.copyOf(seen, n);
        Arrays.sort(result);
        return result;
    }

    /** Submit-to-seen latencies in milliseconds, sorted, for reviews that have an outcome. */
    double[] sortedLatenciesMillis() {
        double[] latencies = new double[outcomes.get()];
        int n = 0;
        for (int i = 0; i < seenNanos.length() && n < latencies.length; i++) {
            long seen = seenNanos.get(i);
            if (seen != 0) {
                latencies[n++] = (seen - sentNanos.get(i)) / 1e6;
            }
        }
        double[] result = Arrays.copyOf(latencies, n);
        Arrays.sort(result);
        return result;
    }
}
