/**
 * Tracking: which items left the store with which shopper, as a Kafka Streams application keyed by store id.
 *
 * <p>The rules of this slice, all in event time:
 * <ul>
 *   <li><b>Items</b> ({@code .item}): per EPC its status (on the floor -> moving -> exited -> sold, back on the
 *       floor after a return), the last zone a non-portal antenna read it in, and its travel. A floor read weaker
 *       than {@code carriedRssiCdbm} means someone carries it (the body shields it): it is MOVING and the read extends
 *       its travel segments; a moving item settles on a shelf only at a shelf-strength read {@code settleMs} after its
 *       last weak read (the bands overlap in real stores). Portal reads below {@code portalRssiFloorCdbm} are strays
 *       from nearby shelves and never move an item. Portal reads of one EPC with no gap over {@code passGapMs} are one
 *       pass, and one pass is at most one exit: its direction is voted from the whole burst (which antenna read it
 *       first, last, on average later, and loudest later), never from the first inner/outer pair. A pass read only by
 *       the inner antenna at leaving strength, then nothing anywhere for {@code missedOuterMs}, is an exit too. Items
 *       billing sold never exit again, until billing refunds them. An exited item read inside again, or carried in
 *       through the portal, is withdrawn from its exit. EPCs that are not SGTIN-96 are counted and skipped.</li>
 *   <li><b>Visits</b> ({@code .visit}): an entry opens one; beacon sightings build its zone trail. Exit-zone
 *       sightings count only after the phone was heard on the floor (an entry gate may stand in the exit zone):
 *       then an exit sighting later than any inside sighting means the shopper is at the exit. A visit never seen
 *       leaving closes after {@code visitTimeoutMs} of silence with a VISIT_TIMED_OUT alert.</li>
 *   <li><b>Exit decisions</b> ({@code .exit}): once stream time passes an exit by {@code attributionWindowMs}, the
 *       open visits with an exit sighting within that window are scored on timing ({@code 1 - |dt| / window}) and,
 *       when the item has travel evidence, on co-travel too (the share of its carried reads made in the zone the
 *       visit's phone was in then); a visit the item did not travel with is no candidate. A visit whose phone
 *       missed the exit beacon is a silent candidate on co-travel alone when it was last heard on the floor just
 *       before. The best takes the item if alone or ahead of the runner-up by {@code minMargin}, else AMBIGUOUS
 *       naming the candidates; nobody at the exit means UNPAID_EXIT. A visit at the exit closes
 *       {@code basketGraceMs} after its last exit sighting, or after its items left when its phone was not heard
 *       at the exit (later while an exit near it is still undecided), with exactly one BasketClosed, every line
 *       carrying its evidence; a basket holds an EPC at most once, and an EPC is in at most one open basket.
 *       Decisions run on stream-time punctuation, with a wall-clock guard for a quiet store.</li>
 *   <li><b>Inventory</b> ({@code .inventory}, {@code .query}): items on the floor counted per product and zone,
 *       kept incrementally and read through interactive queries.</li>
 * </ul>
 */
package walkout.tracking;
