package walkout.store.eval;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import walkout.store.config.StoreLayout;
import walkout.store.sim.Physics;

/**
 * {@code ./walkout eval}: plays the chosen scenarios for each seed in the chosen world ({@link Physics}), prints
 * which world, one progress line per run and the table.
 */
public final class EvalRun {
    private final Evaluation evaluation;
    private final PrintStream out;

    /** A run in the {@link Physics#FIRST} world. */
    public EvalRun(StoreLayout layout, List<String> gtins, PrintStream out) {
        this(layout, gtins, Physics.FIRST, out);
    }

    public EvalRun(StoreLayout layout, List<String> gtins, Physics physics, PrintStream out) {
        this.evaluation = new Evaluation(layout, gtins, Evaluation.trackingConfig(layout), physics);
        this.out = out;
    }

    /** Runs every scenario for every seed; returns the scores added up over the seeds, per scenario. */
    public Map<Scenario, EvalScore> run(List<Scenario> scenarios, List<Long> seeds) {
        Map<Scenario, EvalScore> scores = new LinkedHashMap<>();
        for (Scenario scenario : scenarios) {
            EvalScore total = EvalScore.ZERO;
            for (long seed : seeds) {
                long startNanos = System.nanoTime();
                EvalScore score = evaluation.run(scenario, seed);
                total = total.plus(score);
                out.printf(Locale.ROOT, "%s seed %d: %d items taken, %d records, precision %s recall %s held %s "
                                + "(%.1f s)%n", scenario.cliName(), seed, score.itemsTaken(), score.records(),
                        EvalReport.percent(score.precision()), EvalReport.percent(score.recall()),
                        EvalReport.percent(score.heldShare()), (System.nanoTime() - startNanos) / 1e9);
            }
            scores.put(scenario, total);
        }
        out.print(EvalReport.render(evaluation.physics(), scores));
        return scores;
    }

    /** "1..5", "3", or "1,4,9": the seeds to play. */
    public static List<Long> parseSeeds(String text) {
        String t = text.trim();
        try {
            List<Long> seeds = new ArrayList<>();
            if (t.contains("..")) {
                String[] ends = t.split("\\.\\.", 2);
                long from = Long.parseLong(ends[0].trim());
                long to = Long.parseLong(ends[1].trim());
                if (to < from || to - from >= 1000) {
                    throw new IllegalArgumentException("--seeds=" + text + ": expected FROM..TO with FROM <= TO, "
                            + "at most 1000 seeds");
                }
                for (long s = from; s <= to; s++) {
                    seeds.add(s);
                }
            } else {
                for (String part : t.split(",")) {
                    seeds.add(Long.parseLong(part.trim()));
                }
            }
            return seeds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seeds=" + text + ": expected e.g. 1..5, 3 or 1,4,9");
        }
    }
}
