package io.reviewflow.publish;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves HTML strings over HTTP on 127.0.0.1, so that a browser treats them as a real site does: the
 * page's own Content-Security-Policy applies, and relative URLs resolve against an {@code http:} origin
 * (under {@code file:} Chromium relaxes and tightens different things).
 *
 * <p>Each page gets a directory of its own, so a request that a page makes for anything (an injected
 * {@code <img src=x>}, say) can be told apart from every other page's; all request paths are recorded.
 */
final class LocalPageServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> pages = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextDirectory = new AtomicInteger(1);

    private LocalPageServer(HttpServer server) {
        this.server = server;
    }

    static LocalPageServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LocalPageServer pages = new LocalPageServer(server);
            server.createContext("/", pages::handle);
            server.start();
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local page server", e);
        }
    }

    /** Serves exactly {@code html}, as UTF-8 {@code text/html}, at a new URL ending in {@code /fileName}. */
    URI serve(String fileName, String html) {
        String path = "/" + nextDirectory.getAndIncrement() + "/" + fileName;
        pages.put(path, html.getBytes(StandardCharsets.UTF_8));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The paths requested so far in the directory of the page at {@code page}, that page's own included. */
    List<String> requestsBeside(URI page) {
        String directory = page.getPath().substring(0, page.getPath().lastIndexOf('/') + 1);
        return requests.stream().filter(path -> path.startsWith(directory)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            byte[] page = pages.get(path);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            if (page == null || !(head || exchange.getRequestMethod().equals("GET"))) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, head ? -1 : page.length);
            if (!head) {
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(page);
                }
            }
        }
    }
}
