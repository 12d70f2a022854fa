package io.reviewflow.benchmarks.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code count} requests from {@code clients} threads, each sending its next request only once the
 * previous one was answered: how a content system with that many writers submits, and the load a
 * writer's answer time decides. Latency is per request, from just before the send to its answer.
 */
final class ClosedLoop {

    /** One request; returns once it was accepted, throws when it was not. */
    @FunctionalInterface
    interface Request {
        void send(int client, int index) throws Exception;
    }

    /** What a loop measured. Latencies are sorted, in ms, of the accepted requests. */
    record Outcome(int accepted, int failed, String firstFailure, double seconds, double[] latenciesMillis) {}

    private ClosedLoop() {}

    static Outcome run(String label, int count, int clients, Request request) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long[] latencyNanos = new long[count];
        List<Thread> threads = new ArrayList<>();
        long start;
        try (ProgressBar ignored = new ProgressBar(System.err, label, count,
                () -> accepted.get() + failed.get(), () -> Math.min(next.get(), count))) {
            start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread thread = new Thread(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        try {
                            request.send(client, i);
                            latencyNanos[i] = System.nanoTime() - sent;
                            accepted.incrementAndGet();
                        } catch (Exception e) {
                            latencyNanos[i] = -1;
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, e.toString());
                        }
                    }
                }, "bench-client-" + c);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join(); // also publishes the threads' latencyNanos writes to this one
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] millis = Arrays.stream(latencyNanos).filter(n -> n >= 0).mapToDouble(n -> n / 1e6).sorted().toArray();
        return new Outcome(accepted.get(), failed.get(), firstFailure.get(), seconds, millis);
    }
}
