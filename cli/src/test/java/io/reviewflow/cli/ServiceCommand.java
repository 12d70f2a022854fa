package io.reviewflow.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One service run through its real command line ({@code IngestService.run} and the like: settings,
 * HTTP endpoints, topics, the loop) on a thread of the test JVM, with its HTTP port chosen here.
 * Stopping it interrupts the command, which stops the service as Ctrl-C would.
 */
final class ServiceCommand implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int port;
    private final Thread thread;
    private final AtomicInteger exit = new AtomicInteger(-1);

    private ServiceCommand(String name, int port, Function<String[], Integer> command, List<String> args) {
        this.name = name;
        this.port = port;
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--http-port", Integer.toString(port)));
        this.thread = new Thread(() -> exit.set(command.apply(all.toArray(String[]::new))), "test-" + name);
    }

    /** Starts {@code command} with {@code args} plus {@code --http-port} on a free port. */
    static ServiceCommand start(String name, Function<String[], Integer> command, String... args) {
        ServiceCommand service = new ServiceCommand(name, freePort(), command, List.of(args));
        service.thread.start();
        return service;
    }

    HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null; // Not listening (yet, or any more).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GETs {@code path} until the response satisfies {@code condition}; fails with the last response after {@code timeout}. */
    HttpResponse<String> await(String path, Predicate<HttpResponse<String>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response = get(path);
        while (response == null || !condition.test(response)) {
            if (System.nanoTime() > deadline || !thread.isAlive()) {
                throw new AssertionError(name + " " + path + " did not get there within " + timeout + " (exit "
                        + exit.get() + "): " + (response == null ? "no answer" : response.statusCode() + " " + response.body()));
            }
            sleep(200);
            response = get(path);
        }
        return response;
    }

    /** The command's exit code once stopped, -1 while running. */
    int exitCode() {
        return exit.get();
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
