package io.reviewflow.cli;

import io.reviewflow.runtime.KafkaSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "site", mixinStandardHelpOptions = true,
        description = "Keep a static site directory (a page per review and an index) current from reviews.published.")
final class SiteCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT")
    String bootstrapServer;

    @Option(names = "--out", defaultValue = "site", paramLabel = "DIR", description = "Site directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--once", description = "Catch up with the topic, write the site and exit instead of following it.")
    boolean once;

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = "Any Kafka client property (repeatable).")
    Map<String, String> properties = Map.of();

    @Override
    public Integer call() throws InterruptedException {
        KafkaSettings kafka = new KafkaSettings(bootstrapServer, SubmissionSender.TIMEOUT, properties);
        CountDownLatch finished = new CountDownLatch(1);
        try (StaticSite site = new StaticSite(kafka, out)) {
            if (once) {
                int pages = site.catchUp(java.time.Duration.ofMinutes(5));
                System.out.println(pages + " page(s) in " + site.directory().resolve(StaticSite.INDEX));
                return 0;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                site.wakeup();
                try {
                    finished.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "site-shutdown"));
            System.out.println("keeping " + site.directory().resolve(StaticSite.INDEX) + " current (Ctrl-C to stop)");
            try {
                site.follow();
            } catch (WakeupException e) {
                // Ctrl-C.
            }
        } finally {
            finished.countDown();
        }
        return 0;
    }
}
