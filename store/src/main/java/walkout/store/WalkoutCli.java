package walkout.store;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import walkout.store.config.ConfigException;
import walkout.store.eval.EvalRun;
import walkout.store.eval.EvalScore;
import walkout.store.eval.Scenario;
import walkout.store.sim.Physics;
import walkout.store.sim.SimConfig;

/**
 * {@code ./walkout}: the store's command line. Exit codes: 0 ok, 1 demo charged wrongly, 2 bad usage or config,
 * 3 failed.
 */
@Command(name = "walkout", mixinStandardHelpOptions = true, version = "Walkout 0.1.0",
        description = "Checkout-free store: LLRP RFID readers and shopper phones in, charged baskets out.",
        subcommands = {WalkoutCli.Demo.class, WalkoutCli.Run.class, WalkoutCli.Eval.class, ReplayCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Every option can also be set with a WALKOUT_<NAME> variable (e.g. WALKOUT_HTTP_PORT).",
            "Docs: README.md and docs/CONTRACT.md in the repository."})
public final class WalkoutCli implements Runnable {
    static final int EXIT_OK = 0;
    static final int EXIT_WRONG_CHARGES = 1;
    static final int EXIT_CONFIG = 2;
    static final int EXIT_FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new WalkoutCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                err.println("walkout: " + e.getMessage());
                return EXIT_CONFIG;
            }
            err.println("walkout: " + commandLine.getCommandName() + " failed: " + e.getMessage());
            e.printStackTrace(err);
            return EXIT_FAILED;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: demo, run or eval (see --help)");
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the store for real readers and shopper apps (no simulator) until Ctrl-C.")
    static final class Run implements java.util.concurrent.Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Override
        public Integer call() throws InterruptedException {
            StoreSettings settings = options.settings();
            StoreFiles files = StoreFiles.load(settings);
            StoreApp app = StoreApp.start(settings, files.layout(), files.catalog(), Clock.systemUTC());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "walkout-shutdown"));
            System.out.println("Walkout store " + files.layout().store() + " running");
            System.out.println("  dashboard and API: " + app.url());
            System.out.println("  staff key:         " + app.staffKey());
            System.out.println("  readers:           " + files.layout().readers().size()
                    + " (health at " + app.url() + "health)");
            System.out.println("Ctrl-C to stop.");
            stopped.await();
            return EXIT_OK;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = {"Run a whole store in one process with simulated LLRP readers and shoppers, then print "
                    + "what each shopper took against what they were charged.",
                "Each demo uses a fresh directory under <data-dir>/demo/."})
    static final class Demo implements java.util.concurrent.Callable<Integer> {
        @Mixin
        StoreOptions options;

        @Option(names = "--shoppers", paramLabel = "N", defaultValue = "5",
                description = "Simulated shoppers. Default: ${DEFAULT-VALUE}.")
        int shoppers;

        @Option(names = "--duration", paramLabel = "TIME", defaultValue = "90s",
                description = "How long the shoppers take in all, e.g. 60s or 2m. Default: ${DEFAULT-VALUE}.")
        String duration;

        @Option(names = "--seed", paramLabel = "S",
                description = "Seed for the simulation (same seed, same shoppers). Default: random, printed.")
        Long seed;

        @Override
        public Integer call() {
            if (shoppers < 1 || shoppers > 500) {
                throw new IllegalArgumentException("--shoppers=" + shoppers + " must be 1-500");
            }
            long durationMs = parseDuration(duration);
            long runSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
            StoreSettings settings = options.settings();
            String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            settings = settings.withDataDir(settings.dataDir().resolve("demo").resolve(run));
            StoreFiles files = StoreFiles.load(settings);
            SimConfig sim = SimConfig.defaults(files.layout(), files.catalog().products().stream()
                    .map(p -> p.gtin()).toList(), shoppers, durationMs, runSeed);
            return new DemoRun(settings, files, sim, Clock.systemUTC(), System.out).call();
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = {"Replay simulator scenarios through the real tracking topology in event time (no broker, "
                    + "no sleeping) and print precision, recall, held share, unpaid exits detected, false alarms "
                    + "and duplicate charges against the truth.",
                "--physics second plays the same shoppers in a world built to disagree with the simulator's "
                    + "first one: overlapping portal read fields, reads up to 100 ms late and out of order, entry "
                    + "through the exit zone, phones every 1 s at a flat RSSI with 15% lost, overlapping carried "
                    + "and shelf RSSI, floor readers silent for 10 s now and then, and a reader sending junk.",
                "Exit code 1 when a scenario misses its targets."})
    static final class Eval implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--scenario", paramLabel = "NAMES", defaultValue = "all",
                description = "calm, busy, crowded-exit, tricky, several separated by commas "
                        + "(calm,crowded-exit), or all. Default: ${DEFAULT-VALUE}.")
        String scenario;

        @Option(names = "--physics", paramLabel = "WORLD", defaultValue = "first",
                description = "The simulated world: first (the one the simulator was built with) or second (built "
                        + "to disagree with it). Default: ${DEFAULT-VALUE}.")
        String physics;

        @Option(names = "--seeds", paramLabel = "SEEDS", defaultValue = "1..5",
                description = "Seeds to play: 1..5, 3 or 1,4,9. Default: ${DEFAULT-VALUE}.")
        String seeds;

        @Option(names = "--layout", paramLabel = "FILE", description = "Store layout. Default: the demo store.")
        Path layout;

        @Option(names = "--catalog", paramLabel = "FILE", description = "Product catalog CSV. Default: the demo one.")
        Path catalog;

        @Override
        public Integer call() {
            List<Scenario> scenarios = Scenario.parse(scenario);
            Physics world = Physics.parse(physics);
            List<Long> seedList = EvalRun.parseSeeds(seeds);
            // Tracking logs every decision at INFO; thousands of them would bury the table (unless asked for).
            if (System.getProperty("org.slf4j.simpleLogger.log.walkout.tracking") == null) {
                System.setProperty("org.slf4j.simpleLogger.log.walkout.tracking", "warn");
            }
            StoreFiles files = StoreFiles.load(new StoreSettings(layout, catalog, Path.of("."), null,
                    null, 0, null, "127.0.0.1"));
            Map<Scenario, EvalScore> scores = new EvalRun(files.layout(), files.catalog().products().stream()
                    .map(p -> p.gtin()).toList(), world, System.out).run(scenarios, seedList);
            boolean met = scores.entrySet().stream().allMatch(e -> e.getValue().misses(e.getKey()).isEmpty());
            return met ? EXIT_OK : EXIT_WRONG_CHARGES;
        }
    }

    /** "90s", "2m", "1m30s", or an ISO-8601 duration. */
    static long parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(t)).toMillis();
            }
            if (t.matches("(\\d+h)?(\\d+m)?(\\d+s)?") && !t.isEmpty()) {
                return Duration.parse("PT" + t.toUpperCase(java.util.Locale.ROOT)).toMillis();
            }
            return Duration.parse(text.trim()).toMillis();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--duration=" + text + ": expected e.g. 60s, 2m or 1m30s");
        }
    }
}
