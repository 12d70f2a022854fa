package io.reviewflow.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    @Test
    void aWriterGetsItsBurstThenTheRateAndIsToldHowLongToWait() {
        // Given 3 requests at once and one every 2 s, on a clock the test moves
        AtomicLong now = new AtomicLong();
        TokenBuckets buckets = new TokenBuckets(0.5, 3, now::get);

        // Then the burst passes, the next waits 2 s, and another writer is not affected
        assertEquals(0, buckets.take("alice"));
        assertEquals(0, buckets.take("alice"));
        assertEquals(0, buckets.take("alice"));
        assertEquals(2, buckets.take("alice"));
        assertEquals(0, buckets.take("bob"));

        // And after a second half a token is back (wait 1 s more), after two a whole one
        now.addAndGet(1_000_000_000L);
        assertEquals(1, buckets.take("alice"));
        now.addAndGet(1_000_000_000L);
        assertEquals(0, buckets.take("alice"));
    }
}
