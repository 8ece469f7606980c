package walkout.events;

/** One item that left with a visit. {@code epc} is upper-case hex. */
public record BasketLine(String epc, long exitedAtMillis, Evidence evidence) {
}
