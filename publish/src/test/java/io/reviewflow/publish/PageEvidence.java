package io.reviewflow.publish;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What a loaded page shows of hostile text that ran as script or turned into markup, read from the live DOM
 * and from what the browser reported while loading it.
 *
 * <p>The hostile payloads in {@link XssCorpus#OBSERVABLE} are written to leave one of these traces if they
 * ever run: a dialog, the title {@code pwned}, {@code data-pwned} on the body, or an element {@code #pwned}.
 * Handlers that need a user are given one before the DOM is read: every element receives synthetic
 * {@code mouseover} and {@code focus} events, which do run inline handlers, and every {@code javascript:}
 * link is clicked.
 *
 * @param title              {@code document.title}
 * @param location           {@code location.href}, to catch a redirect
 * @param bodyMarked         whether the body carries {@code data-pwned}
 * @param pwnedElement       whether an element with id {@code pwned} exists
 * @param scriptTypes        the {@code type} of every script element, in document order
 * @param elements           every element's tag name, in document order: the page's shape
 * @param eventHandlers      every {@code on*} attribute, as {@code tag[attribute]}
 * @param javascriptUrls     every URL-valued attribute that holds a {@code javascript:} URL
 * @param bodyText           {@code document.body.innerText}: the text as rendered
 * @param dialogs            the dialogs the page opened
 * @param errors             the errors the page reported (console, exceptions, CSP and other log entries)
 */
record PageEvidence(
        String title,
        String location,
        boolean bodyMarked,
        boolean pwnedElement,
        List<String> scriptTypes,
        List<String> elements,
        List<String> eventHandlers,
        List<String> javascriptUrls,
        String bodyText,
        List<String> dialogs,
        List<ConsoleMessage> errors) {

    static final String PWNED_TITLE = "pwned";

    private static final String COLLECT = """
            (async () => {
              for (const element of document.querySelectorAll('*')) {
                element.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
                element.dispatchEvent(new FocusEvent('focus'));
              }
              // Follow only javascript: links: following a real link would leave the page under test.
              for (const link of document.querySelectorAll('a[href]')) {
                if (/^\\s*javascript:/i.test(link.getAttribute('href'))) link.click();
              }
              // Let handlers that run from a task (image errors, autofocus, toggle) have their turn.
              await new Promise(resolve => setTimeout(resolve, 50));
              const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'];
              const eventHandlers = [], javascriptUrls = [];
              for (const element of document.querySelectorAll('*')) {
                for (const attribute of element.attributes) {
                  const name = attribute.name.toLowerCase();
                  if (name.startsWith('on')) eventHandlers.push(element.localName + '[' + name + ']');
                  if (urlAttributes.includes(name) && /^\\s*javascript:/i.test(attribute.value)) {
                    javascriptUrls.push(element.localName + '[' + name + ']');
                  }
                }
              }
              return {
                title: document.title,
                location: location.href,
                bodyMarked: document.body.hasAttribute('data-pwned'),
                pwnedElement: document.getElementById('pwned') !== null,
                scriptTypes: Array.from(document.querySelectorAll('script'), script => script.type),
                elements: Array.from(document.querySelectorAll('*'), element => element.localName),
                eventHandlers,
                javascriptUrls,
                bodyText: document.body.innerText,
              };
            })()
            """;

    /** Reads the evidence from {@code page}, which must have finished loading. */
    static PageEvidence of(ChromiumPage page) {
        JsonNode dom = page.evaluate(COLLECT);
        return new PageEvidence(
                dom.path("title").asText(),
                dom.path("location").asText(),
                dom.path("bodyMarked").asBoolean(),
                dom.path("pwnedElement").asBoolean(),
                strings(dom.path("scriptTypes")),
                strings(dom.path("elements")),
                strings(dom.path("eventHandlers")),
                strings(dom.path("javascriptUrls")),
                dom.path("bodyText").asText(),
                page.dialogs(),
                page.errors());
    }

    /** Whether a payload's own effect shows: a dialog, the title it sets, the body mark or the element it adds. */
    boolean showsPayloadEffect() {
        return !dialogs.isEmpty() || title.equals(PWNED_TITLE) || bodyMarked || pwnedElement;
    }

    /**
     * Every sign that text became script or markup, as a readable list; empty when the page is as it should
     * be: still at {@code url}, titled {@code expectedTitle}, with the same script elements and the same
     * elements in the same order as {@code harmless}, the same page rendered from harmless text.
     */
    List<String> signsOfInjection(URI url, String expectedTitle, PageEvidence harmless) {
        List<String> signs = new ArrayList<>();
        dialogs.forEach(dialog -> signs.add("a dialog opened: " + dialog));
        if (!location.equals(url.toString())) {
            signs.add("the page moved to " + location);
        }
        if (!title.equals(expectedTitle)) {
            signs.add("title is \"" + title + "\", expected \"" + expectedTitle + "\"");
        }
        if (bodyMarked) {
            signs.add("the body has data-pwned");
        }
        if (pwnedElement) {
            signs.add("an element #pwned exists");
        }
        if (!scriptTypes.equals(harmless.scriptTypes())) {
            signs.add("script elements " + scriptTypes + ", expected " + harmless.scriptTypes());
        }
        eventHandlers.forEach(handler -> signs.add("event handler attribute " + handler));
        javascriptUrls.forEach(attribute -> signs.add("javascript: URL in " + attribute));
        if (!elements.equals(harmless.elements())) {
            signs.add(firstDifference(harmless.elements(), elements));
        }
        errors.forEach(error -> signs.add("the page reported " + error));
        return signs;
    }

    /** Where the element lists part: the whole lists would bury it. */
    private static String firstDifference(List<String> expected, List<String> actual) {
        int i = 0;
        while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        List<String> before = expected.subList(Math.max(0, i - 3), i);
        return "elements differ from the harmless page's from element " + i + " (after " + before + "): expected "
                + expected.subList(i, Math.min(expected.size(), i + 3)) + " but was "
                + actual.subList(i, Math.min(actual.size(), i + 3)) + "; " + actual.size() + " elements, expected "
                + expected.size();
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>(array.size());
        array.forEach(item -> strings.add(item.asText()));
        return List.copyOf(strings);
    }
}
