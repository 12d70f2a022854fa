package io.reviewflow.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns what a person typed after {@code submit} into document files: a file as it is, a
 * directory as every document in it (recursively, in name order), and a glob the shell left
 * alone ({@code 'reviews/*.md'}) as the files it matches. Nothing matching is an error, not a no-op.
 */
final class DocumentPaths {

    private static final List<String> DOCUMENT_EXTENSIONS = List.of(".txt", ".md", ".markdown", ".json");

    private DocumentPaths() {}

    static List<Path> expand(List<String> arguments) {
        List<Path> documents = new ArrayList<>();
        for (String argument : arguments) {
            if (isGlob(argument)) {
                documents.addAll(glob(argument));
                continue;
            }
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                List<Path> inside = documentsIn(path);
                if (inside.isEmpty()) {
                    throw new UserFacingException("no documents (" + String.join(", ", DOCUMENT_EXTENSIONS) + ") in " + path,
                            UserFacingException.UNREADABLE_INPUT);
                }
                documents.addAll(inside);
            } else {
                documents.add(path);
            }
        }
        return documents;
    }

    private static boolean isGlob(String argument) {
        return argument.indexOf('*') >= 0 || argument.indexOf('?') >= 0 || argument.indexOf('[') >= 0;
    }

    private static List<Path> glob(String pattern) {
        // The fixed part before the first wildcard is where to look; the rest is matched below it.
        int wildcard = firstWildcard(pattern);
        int slash = pattern.lastIndexOf('/', wildcard);
        Path base = slash < 0 ? Path.of(".") : Path.of(pattern.substring(0, slash + 1));
        String relative = slash < 0 ? pattern : pattern.substring(slash + 1);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + relative);
        List<Path> matches;
        try (Stream<Path> walk = Files.walk(base)) {
            matches = walk.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(base.relativize(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + base + ": " + OneLine.of(e), UserFacingException.UNREADABLE_INPUT, e);
        }
        if (matches.isEmpty()) {
            throw new UserFacingException("no files match " + pattern, UserFacingException.UNREADABLE_INPUT);
        }
        return matches;
    }

    private static int firstWildcard(String pattern) {
        int first = pattern.length();
        for (char c : new char[] {'*', '?', '['}) {
            int at = pattern.indexOf(c);
            if (at >= 0) {
                first = Math.min(first, at);
            }
        }
        return first;
    }

    private static List<Path> documentsIn(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> DOCUMENT_EXTENSIONS.stream().anyMatch(ext -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + directory + ": " + OneLine.of(e), UserFacingException.UNREADABLE_INPUT, e);
        }
    }
}
