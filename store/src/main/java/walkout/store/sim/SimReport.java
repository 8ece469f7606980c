package walkout.store.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulator's ground truth against what the store charged: per shopper, the items they took out, the items
 * charged to their visit, and of those how many were right, wrong (charged but not taken by them, or charged twice)
 * and missed (taken but not charged to them). Lines count as charged when their order's status is {@code CHARGED},
 * {@code PARTIALLY_REFUNDED} or {@code REFUNDED}.
 */
public final class SimReport {
    private static final Set<String> CHARGED_STATUSES = Set.of("CHARGED", "PARTIALLY_REFUNDED", "REFUNDED");

    /** One shopper's line of the report. */
    public record ShopperResult(String name, String customerId, String visitId, boolean walkedOut, int taken,
                                int charged, int correct, int wrong, int missed, boolean settled) {
    }

    private final List<ShopperResult> shoppers;
    private final int otherVisitsWrong;

    private SimReport(List<ShopperResult> shoppers, int otherVisitsWrong) {
        this.shoppers = List.copyOf(shoppers);
        this.otherVisitsWrong = otherVisitsWrong;
    }

    /**
     * Compares the truth with the orders the store lists. Orders of visits the simulator did not make are ignored,
     * except their lines for items a simulated shopper took out: those are wrong charges.
     */
    static SimReport compare(List<ShopperTruth> truth, List<StoreApiClient.Order> orders) {
        Map<String, List<StoreApiClient.Order>> ordersByVisit = new HashMap<>();
        for (StoreApiClient.Order order : orders) {
            ordersByVisit.computeIfAbsent(order.visitId(), v -> new ArrayList<>()).add(order);
        }
        Set<String> ourVisits = new HashSet<>();
        Set<String> takenByAnyone = new HashSet<>();
        for (ShopperTruth t : truth) {
            if (t.visitId() != null) {
                ourVisits.add(t.visitId());
            }
            takenByAnyone.addAll(t.epcsOut());
        }
        List<ShopperResult> results = new ArrayList<>();
        for (ShopperTruth t : truth) {
            Set<String> taken = new LinkedHashSet<>(t.epcsOut());
            List<StoreApiClient.Order> visitOrders = t.visitId() == null
                    ? List.of() : ordersByVisit.getOrDefault(t.visitId(), List.of());
            Set<String> rightOnes = new HashSet<>();
            int charged = 0;
            int wrong = 0;
            for (StoreApiClient.Order order : visitOrders) {
                if (!CHARGED_STATUSES.contains(order.status())) {
                    continue;
                }
                for (StoreApiClient.OrderLine line : order.lines()) {
                    charged++;
                    if (!(taken.contains(line.epc()) && rightOnes.add(line.epc()))) {
                        wrong++;
                    }
                }
            }
            int correct = rightOnes.size();
            int missed = taken.size() - correct;
            boolean settled = !t.walkedOut() || taken.isEmpty()
                    || visitOrders.stream().anyMatch(o -> !"PENDING".equals(o.status()));
            results.add(new ShopperResult(t.name(), t.customerId(), t.visitId(), t.walkedOut(), taken.size(), charged,
                    correct, wrong, missed, settled));
        }
        int otherWrong = 0;
        for (StoreApiClient.Order order : orders) {
            if (ourVisits.contains(order.visitId()) || !CHARGED_STATUSES.contains(order.status())) {
                continue;
            }
            for (StoreApiClient.OrderLine line : order.lines()) {
                if (takenByAnyone.contains(line.epc())) {
                    otherWrong++;
                }
            }
        }
        return new SimReport(results, otherWrong);
    }

    public List<ShopperResult> shoppers() {
        return shoppers;
    }

    public int totalTaken() {
        return shoppers.stream().mapToInt(ShopperResult::taken).sum();
    }

    public int totalCharged() {
        return shoppers.stream().mapToInt(ShopperResult::charged).sum();
    }

    public int totalCorrect() {
        return shoppers.stream().mapToInt(ShopperResult::correct).sum();
    }

    /** Wrong charges on the simulated visits, plus simulated items charged to visits the simulator did not make. */
    public int totalWrong() {
        return shoppers.stream().mapToInt(ShopperResult::wrong).sum() + otherVisitsWrong;
    }

    public int totalMissed() {
        return shoppers.stream().mapToInt(ShopperResult::missed).sum();
    }

    /** Every shopper who walked out with at least one item has an order that is no longer PENDING. */
    public boolean allSettled() {
        return shoppers.stream().allMatch(ShopperResult::settled);
    }

    /** Nothing charged wrongly and nothing taken left uncharged. */
    public boolean perfect() {
        return totalWrong() == 0 && totalMissed() == 0;
    }

    /** A plain aligned text table for the terminal, one row per shopper, then totals and the verdict. */
    public String render() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"shopper", "customer", "visit", "taken", "charged", "correct", "wrong", "missed"});
        for (ShopperResult r : shoppers) {
            String name = !r.walkedOut() ? r.name() + " (did not walk out)"
                    : r.settled() ? r.name() : r.name() + " (no order yet)";
            rows.add(new String[] {name, orDash(r.customerId()), orDash(r.visitId()), num(r.taken()),
                num(r.charged()), num(r.correct()), num(r.wrong()), num(r.missed())});
        }
        if (otherVisitsWrong > 0) {
            rows.add(new String[] {"(other visits)", "-", "-", "0", num(otherVisitsWrong), "0",
                num(otherVisitsWrong), "0"});
        }
        rows.add(new String[] {"total", "", "", num(totalTaken()), num(totalCharged() + otherVisitsWrong),
            num(totalCorrect()), num(totalWrong()), num(totalMissed())});
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                // Names and ids left-aligned, counts right-aligned.
                String format = c < 3 ? "%-" + widths[c] + "s" : "%" + widths[c] + "s";
                line.append(String.format(format, row[c]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append("all settled: ").append(allSettled() ? "yes" : "no")
                .append("   perfect: ").append(perfect() ? "yes" : "no").append('\n');
        return out.toString();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String num(int n) {
        return Integer.toString(n);
    }
}
