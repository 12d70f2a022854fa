package io.reviewflow.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * One Chrome DevTools Protocol connection over a WebSocket: numbered commands whose replies are matched by
 * id, and events handed to the listener of the session they belong to. Pages are attached as flattened
 * sessions, so every page of a browser shares this one socket.
 *
 * <p>Every command waits at most {@link #CALL_TIMEOUT}: a hung or crashed browser fails the test with the
 * name of the command, never hangs it, and once it has, later commands fail at once.
 */
final class CdpConnection implements AutoCloseable {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /** Trees only, never binding to classes and never default typing: the browser is not trusted either. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Long, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, BiConsumer<String, JsonNode>> sessions = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Object sendLock = new Object();
    private final WebSocket socket;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile String closedBecause;

    private record Call(String method, CompletableFuture<JsonNode> reply) {}

    CdpConnection(URI webSocketUrl) {
        HttpClient http = HttpClient.newBuilder()
                // The browser is on loopback; a proxy configured for the JVM must not see this traffic.
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(CALL_TIMEOUT)
                .build();
        try {
            this.socket = http.newWebSocketBuilder()
                    .connectTimeout(CALL_TIMEOUT)
                    .buildAsync(webSocketUrl, new Receiver())
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no DevTools WebSocket at " + webSocketUrl + " within " + seconds(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not open DevTools WebSocket " + webSocketUrl + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted opening DevTools WebSocket " + webSocketUrl, e);
        }
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** {@code text} as a JavaScript string literal (a JSON string is one). */
    static String jsString(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serialises", e);
        }
    }

    /** Sends {@code method} to a page's session (to the browser if {@code sessionId} is null); waits for the reply. */
    JsonNode call(String sessionId, String method, ObjectNode params) {
        CompletableFuture<JsonNode> reply = send(sessionId, method, params);
        try {
            return reply.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // A browser that leaves one call unanswered for this long is not coming back: every later call
            // fails at once with this reason, instead of each waiting out its own timeout.
            String reason = "CDP " + method + ": no reply from Chromium within " + seconds() + " (browser or page hung)";
            closed("an earlier call got no reply (" + reason + ")");
            throw new IllegalStateException(reason);
        } catch (ExecutionException e) {
            throw new IllegalStateException("CDP " + method + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for CDP " + method, e);
        }
    }

    /** Sends without waiting; for use on the receiving thread, which must never block on a reply. */
    CompletableFuture<JsonNode> send(String sessionId, String method, ObjectNode params) {
        long id = nextId.getAndIncrement();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        String closed = closedBecause;
        if (closed != null) {
            reply.completeExceptionally(new IllegalStateException(closed));
            return reply;
        }
        calls.put(id, new Call(method, reply));
        reply.whenComplete((result, failure) -> calls.remove(id));
        String text = message.toString();
        synchronized (sendLock) {
            // java.net.http.WebSocket allows one outstanding send at a time, and both the test thread and the
            // receiving thread (dismissing dialogs) send: so each send waits for the one before.
            lastSend = lastSend
                    .handle((ignored, failure) -> null)
                    .thenCompose(ignored -> socket.sendText(text, true))
                    .whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            reply.completeExceptionally(failure);
                        }
                    });
        }
        return reply;
    }

    /** Routes the events of one session to {@code listener(method, params)}, on the receiving thread. */
    void listen(String sessionId, BiConsumer<String, JsonNode> listener) {
        sessions.put(sessionId, listener);
    }

    void forget(String sessionId) {
        sessions.remove(sessionId);
    }

    @Override
    public void close() {
        closed("the DevTools connection was closed");
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Best effort: the browser is about to be killed anyway.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.abort();
        }
    }

    private void closed(String reason) {
        if (closedBecause == null) {
            closedBecause = reason;
        }
        for (Call call : calls.values()) {
            call.reply().completeExceptionally(new IllegalStateException(reason));
        }
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            System.err.println("[chromium] unreadable DevTools message: " + e.getOriginalMessage());
            return;
        }
        if (message.has("id")) {
            Call call = calls.get(message.get("id").asLong());
            if (call == null) {
                return; // a reply to a call that timed out, or to a fire-and-forget send
            }
            JsonNode error = message.get("error");
            if (error != null) {
                call.reply().completeExceptionally(new IllegalStateException(
                        error.path("message").asText() + " (code " + error.path("code").asText() + ")"));
            } else {
                call.reply().complete(message.path("result"));
            }
            return;
        }
        BiConsumer<String, JsonNode> listener = sessions.get(message.path("sessionId").asText(""));
        if (listener != null) {
            try {
                listener.accept(message.path("method").asText(), message.path("params"));
            } catch (RuntimeException e) {
                // A failing listener must not stop the socket, or every later call would time out instead.
                System.err.println("[chromium] event listener failed on " + message.path("method").asText() + ": " + e);
            }
        }
    }

    private static String seconds() {
        return CALL_TIMEOUT.toSeconds() + " s";
    }

    /** Reassembles messages the socket delivers in parts; asks for the next only once one is handled. */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String text = message.toString();
                message.setLength(0);
                dispatch(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed("Chromium closed the DevTools connection (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed("the DevTools connection failed: " + error);
        }
    }
}
