package io.reviewflow.publish;

import com.github.mustachejava.Mustache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Pages of the reference static site besides the review pages themselves (those are
 * {@link ReviewPage}): for now, the index.
 *
 * <p>Thread-safe: the template is compiled once, in the constructor.
 */
public final class SitePageRenderer {

    /** Newest first; ties in a stable order so that a rebuilt site is byte-identical. */
    private static final Comparator<IndexEntry> NEWEST_FIRST = Comparator
            .comparing(IndexEntry::publishedAt).reversed()
            .thenComparing(IndexEntry::title)
            .thenComparing(IndexEntry::slug);

    private final Mustache index;

    public SitePageRenderer() {
        this.index = Templates.factory().compile("index.mustache");
    }

    /** A complete HTML index page linking every entry, newest first; a message says when there are none. */
    public String indexPage(List<IndexEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        List<IndexEntry> sorted = new ArrayList<>(entries);
        sorted.sort(NEWEST_FIRST);
        List<EntryView> views = new ArrayList<>(sorted.size());
        for (IndexEntry entry : sorted) {
            views.add(new EntryView(
                    entry.slug(),
                    entry.title(),
                    entry.platform() == null || entry.platform().isBlank() ? null : entry.platform(),
                    entry.score(),
                    ScoreBand.of(entry.score()).cssClass(),
                    entry.verdict(),
                    ReviewRenderer.date(entry.publishedAt()),
                    entry.work() == null ? null : workLine(entry.work())));
        }
        return Templates.execute(index, new IndexView(views));
    }

    record IndexView(List<EntryView> entries) {
        boolean hasEntries() {
            return !entries.isEmpty();
        }
    }

    private static String workLine(IndexEntry.WorkSummary work) {
        return work.reviews() == 1
                ? "the only review of this work"
                : "all " + work.reviews() + " reviews of this work: " + work.mean() + " " + work.verdict();
    }

    record EntryView(
            String slug, String title, String platform, int score, String bandClass, String verdict,
            ArticleView.Date published, String workLine) {}
}
