package io.reviewflow.ingest;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads YAML front matter with SnakeYAML Engine (YAML 1.2), which builds only standard types and
 * never a class named by the input. The block is composed into a node tree, so every key keeps
 * its line and every scalar its text as written ({@code rating: 7.50} stays {@code 7.50},
 * {@code title: 1917} is the film, not a number); the tree is then also constructed, only so
 * that SnakeYAML's own checks run on it (duplicate keys, unknown tags).
 *
 * <p>Bounds, so that a hostile block costs little: the code point limit, at most
 * {@value #MAX_ALIASES} aliases to collections (a "billion laughs" block stops at the 51st), no
 * recursive or non-scalar keys, and at most {@value #MAX_NESTING_DEPTH} levels of nesting. The
 * last is ours: SnakeYAML composes nested collections recursively and has no depth limit of its
 * own, so a few thousand {@code [} would overflow the stack.
 */
final class YamlFrontMatter {

    static final int MAX_ALIASES = 50;
    static final int MAX_NESTING_DEPTH = 32;

    private final LoadSettings settings;

    YamlFrontMatter(int maxCodePoints) {
        this.settings = LoadSettings.builder()
                .setLabel("front matter")
                .setSchema(new CoreSchema())
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .setAllowNonScalarKeys(false)
                .setAllowDuplicateKeys(false)
                .setCodePointLimit(maxCodePoints)
                .build();
    }

    /**
     * The top-level keys of {@code yaml}, the lines between the fences.
     *
     * @param firstLine the document line of the block's first line, to turn YAML's lines into the document's
     * @param fenceLine the document line of the opening fence, for problems SnakeYAML gives no position for
     */
    Outcome<List<FrontMatterEntry>> entries(String yaml, int firstLine, int fenceLine) {
        Node root;
        try {
            Parser parser = new DepthLimitedParser(new ParserImpl(settings, new StreamReader(settings, yaml)));
            Optional<Node> composed = new Composer(settings, parser).getSingleNode();
            if (composed.isEmpty()) {
                return Outcome.accepted(List.of()); // empty, or only comments
            }
            root = composed.get();
            new StandardConstructor(settings).constructSingleDocument(composed);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            int line = mark.map(m -> firstLine + m.getLine()).orElse(fenceLine);
            String detail = e.getContext() == null || e.getContext().isEmpty()
                    ? e.getProblem() : e.getProblem() + " (" + e.getContext() + ")";
            return unreadable(line, detail);
        } catch (TooDeep e) {
            return unreadable(e.line(firstLine, fenceLine),
                    "collections nested more than " + MAX_NESTING_DEPTH + " deep");
        } catch (YamlEngineException e) {
            // alias and code point limits: SnakeYAML reports these without a position
            return unreadable(fenceLine, e.getMessage());
        }
        if (!(root instanceof MappingNode mapping)) {
            return Outcome.rejected(Problem.atLine(RejectionReason.MALFORMED_DOCUMENT, firstLine + line(root),
                    "the front matter must be keys and values, such as 'title: Night Ferry'"));
        }
        List<FrontMatterEntry> entries = new ArrayList<>(mapping.getValue().size());
        for (NodeTuple tuple : mapping.getValue()) {
            // non-scalar keys were refused above (setAllowNonScalarKeys)
            ScalarNode key = (ScalarNode) tuple.getKeyNode();
            entries.add(entry(key.getValue(), firstLine + line(key), tuple.getValueNode()));
        }
        return Outcome.accepted(entries);
    }

    private static FrontMatterEntry entry(String key, int line, Node value) {
        if (value instanceof ScalarNode scalar) {
            return Tag.NULL.equals(scalar.getTag())
                    ? FrontMatterEntry.empty(key, line)
                    : FrontMatterEntry.text(key, line, scalar.getValue());
        }
        return FrontMatterEntry.notText(key, line, value instanceof SequenceNode ? "a list" : "a mapping");
    }

    private static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).orElse(0);
    }

    private static <T> Outcome<T> unreadable(int line, String detail) {
        return Outcome.rejected(Problem.atLine(RejectionReason.MALFORMED_DOCUMENT, line,
                "the front matter cannot be read as YAML: " + LibraryMessages.oneLine(detail, "invalid YAML")));
    }

    /** Stops composing past {@link #MAX_NESTING_DEPTH}; the parser itself is iterative and safe. */
    private static final class DepthLimitedParser implements Parser {
        private final Parser delegate;
        private int depth;

        DepthLimitedParser(Parser delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return delegate.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return delegate.hasNext();
        }

        @Override
        public Event next() {
            Event event = delegate.next();
            switch (event.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > MAX_NESTING_DEPTH) {
                        throw new TooDeep(event.getStartMark());
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                default -> { }
            }
            return event;
        }
    }

    /** Thrown from inside SnakeYAML's composer, caught in {@link #entries} and nowhere else. */
    private static final class TooDeep extends RuntimeException {
        private final transient Optional<Mark> mark;

        TooDeep(Optional<Mark> mark) {
            super(null, null, false, false);
            this.mark = mark;
        }

        int line(int firstLine, int fenceLine) {
            return mark.map(m -> firstLine + m.getLine()).orElse(fenceLine);
        }
    }
}
