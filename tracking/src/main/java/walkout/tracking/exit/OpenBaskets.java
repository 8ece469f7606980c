package walkout.tracking.exit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import walkout.events.BasketLine;
import walkout.tracking.visit.Visit;

/**
 * The state-store check behind "one EPC, one line, one basket": adding a line to an open visit's basket never puts
 * its EPC there twice, nor in two open baskets. The exit rules already make one exit per pass and withdraw an earlier
 * exit before a later one stands; this check holds even if they are wrong.
 */
public final class OpenBaskets {
    /** What adding a line did. */
    public enum Outcome {
        /** The line is in the basket. */
        ADDED,
        /** The basket already had a line for the EPC: nothing changed. */
        REFUSED_DUPLICATE,
        /** The line is in the basket, and was taken out of another open basket that had it. */
        MOVED
    }

    /** The outcome and every visit it changed (to write back to the store). */
    public record Result(Outcome outcome, List<Visit> changed) {
        public Result {
            changed = List.copyOf(changed);
        }
    }

    private OpenBaskets() {
    }

    /**
     * Adds {@code line} to the basket of open visit {@code visitId}, updating {@code open} (visit id to open visit) in
     * place. The latest exit of an EPC is the one that stands: another open basket holding it loses it.
     */
    public static Result add(Map<String, Visit> open, String visitId, BasketLine line) {
        Visit visit = open.get(visitId);
        if (visit == null) {
            throw new IllegalArgumentException("visit " + visitId + " is not open");
        }
        if (visit.hasLine(line.epc())) {
            return new Result(Outcome.REFUSED_DUPLICATE, List.of());
        }
        List<Visit> changed = new ArrayList<>();
        for (Visit other : List.copyOf(open.values())) {
            if (!other.visitId().equals(visitId) && other.hasLine(line.epc())) {
                Visit without = other.withoutLine(line.epc());
                open.put(other.visitId(), without);
                changed.add(without);
            }
        }
        Visit with = visit.withLine(line);
        open.put(visitId, with);
        changed.add(with);
        return new Result(changed.size() > 1 ? Outcome.MOVED : Outcome.ADDED, changed);
    }
}
