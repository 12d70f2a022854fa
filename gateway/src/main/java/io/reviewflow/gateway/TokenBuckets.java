package io.reviewflow.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per writer: {@code burst} requests at once, refilled at {@code ratePerSecond}.
 * Only authenticated writers get a bucket, so the map is bounded by the tokens file.
 */
final class TokenBuckets {

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private final class Bucket {
        private double tokens = burst;
        private long refilledAt = nanoClock.getAsLong();

        /** 0 when a token was taken, else the whole seconds until one will be there. */
        synchronized long take() {
            long now = nanoClock.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano / 1e9));
        }
    }

    TokenBuckets(double ratePerSecond, int burst, LongSupplier nanoClock) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** Takes a token for {@code writer}: 0 if allowed, else the seconds to wait (for {@code Retry-After}). */
    long take(String writer) {
        return buckets.computeIfAbsent(writer, w -> new Bucket()).take();
    }
}
