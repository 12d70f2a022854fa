package io.reviewflow.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One browser tab, attached over a flattened CDP session, that records everything the page says: console
 * calls, uncaught exceptions, log entries and JavaScript dialogs. Dialogs are dismissed as soon as they
 * open, since an open {@code alert()} blocks the page and with it every later command.
 *
 * <p>One tab serves any number of documents in turn: what it records is always about the current one.
 */
final class ChromiumPage implements AutoCloseable {

    private static final long POLL_MILLIS = 20;
    private static final String ABOUT_BLANK = "about:blank";

    private final CdpConnection cdp;
    private final String targetId;
    private final String sessionId;
    private final List<ConsoleMessage> messages = new CopyOnWriteArrayList<>();
    private final List<String> dialogs = new CopyOnWriteArrayList<>();

    private ChromiumPage(CdpConnection cdp, String targetId, String sessionId) {
        this.cdp = cdp;
        this.targetId = targetId;
        this.sessionId = sessionId;
    }

    /** A new blank tab whose layout viewport is {@code width} × {@code height} CSS pixels at scale 1. */
    static ChromiumPage open(CdpConnection cdp, int width, int height) {
        String targetId = cdp.call(null, "Target.createTarget", CdpConnection.params().put("url", ABOUT_BLANK))
                .path("targetId").asText();
        String sessionId;
        try {
            sessionId = cdp.call(null, "Target.attachToTarget",
                    CdpConnection.params().put("targetId", targetId).put("flatten", true)).path("sessionId").asText();
        } catch (RuntimeException e) {
            closeTarget(cdp, targetId);
            throw e;
        }
        ChromiumPage page = new ChromiumPage(cdp, targetId, sessionId);
        try {
            // Listen before enabling: enabling replays what the page already logged.
            cdp.listen(sessionId, page::onEvent);
            page.call("Page.enable", CdpConnection.params());
            page.call("Runtime.enable", CdpConnection.params());
            page.call("Log.enable", CdpConnection.params());
            page.call("Emulation.setDeviceMetricsOverride", CdpConnection.params()
                    .put("width", width).put("height", height).put("deviceScaleFactor", 1).put("mobile", false));
            return page;
        } catch (RuntimeException e) {
            page.close();
            throw e;
        }
    }

    /**
     * Loads {@code url} and waits, at most {@link CdpConnection#CALL_TIMEOUT}, until its load event has run.
     * What the tab recorded about the previous document is forgotten first. (That document has finished
     * loading and been read by then; the browser runs without a back-forward cache, so it is destroyed, not
     * kept frozen, when this one replaces it.)
     */
    void navigate(URI url) {
        messages.clear();
        dialogs.clear();
        JsonNode result = call("Page.navigate", CdpConnection.params().put("url", url.toString()));
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException("Chromium could not load " + url + ": " + result.get("errorText").asText());
        }
        // Polling the document rather than awaiting Page.loadEventFired, which a document that was current
        // before may still fire: only this URL, fully loaded, counts.
        String loaded = "document.readyState === 'complete' && location.href === "
                + CdpConnection.jsString(url.toString());
        long deadline = System.nanoTime() + CdpConnection.CALL_TIMEOUT.toNanos();
        while (!evaluate(loaded).asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(url + " did not finish loading within "
                        + CdpConnection.CALL_TIMEOUT.toSeconds() + " s");
            }
            sleep();
        }
    }

    /**
     * The value of a JavaScript expression, as JSON; a promise is awaited. {@code undefined} comes back as a
     * missing node. An exception in the expression fails with its description.
     */
    JsonNode evaluate(String expression) {
        JsonNode result = call("Runtime.evaluate", CdpConnection.params()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true));
        JsonNode exception = result.get("exceptionDetails");
        if (exception != null) {
            throw new IllegalStateException("JavaScript failed in the page: " + describe(exception));
        }
        return result.path("result").path("value");
    }

    /** The whole page as a PNG, as wide as the viewport and as tall as the content (capped at 16384 px). */
    byte[] screenshotPng() {
        JsonNode metrics = call("Page.getLayoutMetrics", CdpConnection.params());
        double width = metrics.path("cssLayoutViewport").path("clientWidth").asDouble();
        double height = Math.min(metrics.path("cssContentSize").path("height").asDouble(), 16384);
        ObjectNode clip = CdpConnection.params()
                .put("x", 0).put("y", 0).put("width", width).put("height", height).put("scale", 1);
        ObjectNode params = CdpConnection.params().put("format", "png").put("captureBeyondViewport", true);
        params.set("clip", clip);
        return Base64.getDecoder().decode(call("Page.captureScreenshot", params).path("data").asText());
    }

    /** Everything the page reported so far, in order. */
    List<ConsoleMessage> messages() {
        return List.copyOf(messages);
    }

    /** Console errors, failed assertions, uncaught exceptions and error log entries (such as CSP violations). */
    List<ConsoleMessage> errors() {
        return messages.stream().filter(ConsoleMessage::isError).toList();
    }

    /** The dialogs the page opened, as {@code type: message}; each was dismissed. */
    List<String> dialogs() {
        return List.copyOf(dialogs);
    }

    @Override
    public void close() {
        cdp.forget(sessionId);
        closeTarget(cdp, targetId);
    }

    private JsonNode call(String method, ObjectNode params) {
        return cdp.call(sessionId, method, params);
    }

    private void onEvent(String method, JsonNode params) {
        switch (method) {
            case "Page.javascriptDialogOpening" -> {
                dialogs.add(params.path("type").asText() + ": " + params.path("message").asText());
                // Never wait here: this runs on the socket's receiving thread, which delivers the reply.
                cdp.send(sessionId, "Page.handleJavaScriptDialog", CdpConnection.params().put("accept", false));
            }
            case "Runtime.consoleAPICalled" -> messages.add(
                    new ConsoleMessage("console", params.path("type").asText(), consoleText(params.path("args"))));
            case "Runtime.exceptionThrown" -> messages.add(
                    new ConsoleMessage("exception", "error", describe(params.path("exceptionDetails"))));
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                String url = entry.path("url").asText("");
                messages.add(new ConsoleMessage(entry.path("source").asText(), entry.path("level").asText(),
                        entry.path("text").asText() + (url.isEmpty() ? "" : " (" + url + ")")));
            }
            default -> {
                // Other events of the enabled domains say nothing the tests look at.
            }
        }
    }

    private static String consoleText(JsonNode args) {
        List<String> parts = new ArrayList<>();
        for (JsonNode arg : args) {
            String description = arg.path("description").asText(arg.path("type").asText());
            parts.add(arg.has("value") ? arg.get("value").asText() : description);
        }
        return String.join(" ", parts);
    }

    private static String describe(JsonNode exceptionDetails) {
        JsonNode exception = exceptionDetails.path("exception");
        return exception.hasNonNull("description")
                ? exception.get("description").asText()
                : exceptionDetails.path("text").asText();
    }

    private static void closeTarget(CdpConnection cdp, String targetId) {
        try {
            cdp.call(null, "Target.closeTarget", CdpConnection.params().put("targetId", targetId));
        } catch (IllegalStateException e) {
            // The browser may already be gone; closing the browser ends its tabs anyway.
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a page to load", e);
        }
    }
}
