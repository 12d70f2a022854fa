package io.reviewflow.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openqa.selenium.bidi.browsingcontext.BrowsingContext;
import org.openqa.selenium.bidi.browsingcontext.CaptureScreenshotParameters;
import org.openqa.selenium.bidi.browsingcontext.ReadinessState;
import org.openqa.selenium.bidi.module.BrowsingContextInspector;
import org.openqa.selenium.bidi.module.Script;
import org.openqa.selenium.bidi.script.EvaluateResult;
import org.openqa.selenium.bidi.script.EvaluateResultExceptionValue;
import org.openqa.selenium.bidi.script.EvaluateResultSuccess;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;

/**
 * The browser's tab, recording everything the page says: console calls, uncaught exceptions and log entries
 * (from chromedriver's browser log) and JavaScript dialogs (from WebDriver BiDi). Dialogs are dismissed as
 * soon as they are recorded, since an open {@code alert()} blocks the page and with it every later command.
 *
 * <p>Pages are loaded and scripts run over BiDi, not classic WebDriver: chromedriver gives up on a classic
 * script (returning nothing) when the page opens a dialog while it runs, and the evidence scripts provoke
 * exactly that; a BiDi script runs on once the dialog is dismissed.
 *
 * <p>One tab serves any number of documents in turn: what it records is always about the current one.
 */
final class ChromiumPage {

    /** Trees only, never binding to classes: the browser is not trusted either. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;
    private final BrowsingContext tab;
    private final Script script;
    private final List<ConsoleMessage> messages = new CopyOnWriteArrayList<>();
    private final List<String> dialogs = new CopyOnWriteArrayList<>();

    private ChromiumPage(ChromeDriver driver, BrowsingContext tab) {
        this.driver = driver;
        this.tab = tab;
        this.script = new Script(driver);
    }

    /** The driver's current tab, its layout viewport set to {@code width} × {@code height} CSS pixels at scale 1. */
    static ChromiumPage of(ChromeDriver driver, int width, int height) {
        BrowsingContext tab = new BrowsingContext(driver, driver.getWindowHandle());
        tab.setViewport(width, height);
        ChromiumPage page = new ChromiumPage(driver, tab);
        // The inspector and the page's Script live as long as the driver's BiDi connection; quitting ends all.
        BrowsingContextInspector prompts = new BrowsingContextInspector(driver);
        prompts.onUserPromptOpened(prompt -> {
            // Recorded first, dismissed second: the page (and so the load or script the test waits for) stays
            // blocked until the dialog is on the list. Selenium hands each event to a thread of its own, so
            // this is what orders the record before the test reads it, not the order of the messages.
            page.dialogs.add(prompt.getType() + ": " + prompt.getMessage());
            new BrowsingContext(driver, prompt.getBrowsingContextId()).handleUserPrompt(false);
        });
        return page;
    }

    /** {@code text} as a JavaScript string literal (a JSON string is one). */
    static String jsString(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serialises", e);
        }
    }

    /**
     * Loads {@code url} and waits, at most {@link HeadlessChromium#TIMEOUT}, until its load event has run.
     * What the tab recorded about the previous document is forgotten first. (That document has finished
     * loading and been read by then; the browser runs without a back-forward cache, so it is destroyed, not
     * kept frozen, when this one replaces it.)
     */
    void navigate(URI url) {
        driver.manage().logs().get(LogType.BROWSER); // reading the log empties it
        messages.clear();
        dialogs.clear();
        tab.navigate(url.toString(), ReadinessState.COMPLETE, HeadlessChromium.TIMEOUT);
        // Only this URL, fully loaded, counts: a navigation that a dialog interrupted must not pass for one.
        String loaded = "document.readyState === 'complete' && location.href === " + jsString(url.toString());
        long deadline = System.nanoTime() + HeadlessChromium.TIMEOUT.toNanos();
        while (!evaluate(loaded).asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(url + " did not finish loading within "
                        + HeadlessChromium.TIMEOUT.toSeconds() + " s");
            }
            sleep();
        }
    }

    /**
     * The value of a JavaScript expression, as JSON; a promise is awaited. {@code undefined} comes back as a
     * missing node. An exception in the expression fails with its description.
     */
    JsonNode evaluate(String expression) {
        // Serialised in the page, so that numbers stay numbers and nothing is converted on the way.
        EvaluateResult result = script.evaluateFunctionInBrowsingContext(tab.getId(),
                "Promise.resolve((\n" + expression + "\n)).then(JSON.stringify)", true, Optional.empty());
        if (result instanceof EvaluateResultExceptionValue exception) {
            throw new IllegalStateException("JavaScript failed in the page: " + exception.getExceptionDetails().getText());
        }
        Optional<Object> json = ((EvaluateResultSuccess) result).getResult().getValue(); // empty for undefined
        if (json.isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree((String) json.get());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the page returned unreadable JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The whole page as a PNG, as wide as the viewport and as tall as the content. */
    byte[] screenshotPng() {
        String png = tab.captureScreenshot(new CaptureScreenshotParameters()
                .origin(CaptureScreenshotParameters.Origin.DOCUMENT)
                .imageFormat("image/png"));
        return Base64.getDecoder().decode(png);
    }

    /** Everything the page reported so far, in order. */
    List<ConsoleMessage> messages() {
        driver.manage().logs().get(LogType.BROWSER)
                .forEach(entry -> messages.add(new ConsoleMessage(entry.getLevel().getName(), entry.getMessage())));
        return List.copyOf(messages);
    }

    /** Console errors, failed assertions, uncaught exceptions and error log entries (such as CSP violations). */
    List<ConsoleMessage> errors() {
        return messages().stream().filter(ConsoleMessage::isError).toList();
    }

    /** The dialogs the page opened, as {@code type: message}; each was dismissed. */
    List<String> dialogs() {
        return List.copyOf(dialogs);
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a page to load", e);
        }
    }
}
