package io.reviewflow.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's telemetry: its running totals, and its observers, each told in the loop's order. A
 * listener that throws is logged and skipped, so an observer can never stop the loop.
 */
final class StageEvents {

    private static final Logger LOG = LoggerFactory.getLogger(StageService.class);

    final StageCounters counters = new StageCounters();
    private final String stage;
    private final List<StageListener> listeners = new CopyOnWriteArrayList<>();

    StageEvents(String stage) {
        this.stage = stage;
    }

    void add(StageListener listener) {
        listeners.add(listener);
    }

    void notify(Consumer<StageListener> event) {
        for (StageListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("{}: listener {} failed: {}", stage, listener.getClass().getName(), e.toString());
            }
        }
    }

    /** A transaction committed: the totals move on and the observers hear what it held. */
    void committed(OpenTransaction transaction) {
        counters.transactionsCommitted.incrementAndGet();
        counters.recordsConsumed.addAndGet(transaction.consumed);
        counters.recordsProduced.addAndGet(transaction.produced);
        counters.recordsForwarded.addAndGet(transaction.forwarded);
        counters.rejections.addAndGet(transaction.rejections.size());
        long nanos = transaction.openNanos();
        notify(l -> l.onCommitted(transaction.consumed, transaction.produced, nanos));
        if (transaction.forwarded > 0) {
            notify(l -> l.onForwarded(transaction.forwarded));
        }
        for (String reason : transaction.rejections) {
            notify(l -> l.onRejected(reason));
        }
    }
}
