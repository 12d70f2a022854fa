package io.reviewflow.benchmarks.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a bench keeps its raw result: {@code benchmarks/results/<kind>-<UTC time>.json} in the
 * checkout the bench was built in, opening with what a reader needs to repeat it — the command as
 * typed, the commit (and whether the tree had uncommitted changes) and the machine. Documents quote
 * figures only from these files.
 */
final class ResultFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path checkout = checkoutRoot();
    private final String command;

    /** @param fallbackMain the class to name when the bench was not started by {@code ./reviewflow bench} */
    ResultFile(Class<?> fallbackMain, String[] args) {
        this.command = System.getenv().getOrDefault("BENCH_COMMAND_LINE",
                "java -cp benchmarks/target/benchmarks.jar " + fallbackMain.getName() + " " + String.join(" ", args)).strip();
    }

    Path checkout() {
        return checkout;
    }

    /** The opening fields of every result: command, commit, start time and machine (the map, to add the end's load to). */
    Map<String, Object> header(Map<String, Object> machine) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("command", command);
        header.put("git_commit", git("rev-parse", "HEAD"));
        header.put("git_uncommitted_changes", !git("status", "--porcelain", "--untracked-files=no").isEmpty());
        header.put("started", Instant.now().toString());
        header.put("machine", machine);
        return header;
    }

    /** Writes the JSON to {@code explicit}, or to a new file under {@code benchmarks/results/} when it is null. */
    Path write(String kind, Path explicit, String json) throws IOException {
        Path out = explicit != null ? explicit
                : checkout.resolve("benchmarks/results/" + kind + "-" + STAMP.format(Instant.now()) + ".json");
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, json);
        return out;
    }

    private String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", checkout.toString()));
        command.addAll(List.of(args));
        try {
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).strip();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** The checkout the bench jar was built in ({@code ROOT/benchmarks/target/benchmarks.jar}); else the working directory. */
    private static Path checkoutRoot() {
        try {
            Path jar = Path.of(ResultFile.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = jar.getParent();
            if (target != null && target.getFileName().toString().equals("target") && target.getParent() != null
                    && target.getParent().getParent() != null) {
                return target.getParent().getParent();
            }
        } catch (Exception e) {
            // Fall through to the working directory.
        }
        return Path.of("").toAbsolutePath();
    }
}
