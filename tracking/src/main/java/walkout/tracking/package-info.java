/**
 * Tracking: which items left the store with which shopper, as a Kafka Streams application keyed by store id.
 *
 * <p>The rules of this slice, all in event time:
 * <ul>
 *   <li><b>Items</b> ({@code .item}): per EPC the last zone read by a non-portal antenna and the exit pairing. An
 *       outer portal read within {@code exitPairWindowMs} after an inner one means the item left at the outer read
 *       (once per pass); outer then inner is an item coming in; a lone inner read moves nothing. Items billing sold
 *       never exit again. An exited item read inside again is withdrawn from its exit. EPCs that are not SGTIN-96
 *       are counted and skipped.</li>
 *   <li><b>Visits</b> ({@code .visit}): an entry opens one; beacon sightings build its zone trail; an exit-zone
 *       sighting later than any inside sighting means the shopper is at the exit.</li>
 *   <li><b>Exit decisions</b> ({@code .exit}): once stream time passes an exit by {@code attributionWindowMs}, the
 *       open visits with an exit sighting within that window are scored {@code 1 - |dt| / window}; the best takes
 *       the item if alone or ahead of the runner-up by {@code minMargin}, else AMBIGUOUS; nobody means UNPAID_EXIT.
 *       A visit at the exit closes {@code basketGraceMs} after its last exit sighting with exactly one
 *       BasketClosed. Decisions run on stream-time punctuation, with a wall-clock guard for a quiet store.</li>
 *   <li><b>Inventory</b> ({@code .inventory}, {@code .query}): items on the floor counted per product and zone,
 *       kept incrementally and read through interactive queries.</li>
 * </ul>
 */
package walkout.tracking;
