/**
 * Tracking: which items left the store with which shopper, as a Kafka Streams application keyed by store id.
 *
 * <p>The rules of this slice, all in event time:
 * <ul>
 *   <li><b>Items</b> ({@code .item}): per EPC its status (on the floor -> moving -> exited -> sold, back on the
 *       floor after a return), the last zone a non-portal antenna read it in, and its travel. A floor read weaker
 *       than {@code carriedRssiCdbm} means someone carries it (the body shields it): it is MOVING and the read extends
 *       its travel segments; a shelf-strength read puts it back on a shelf and forgets the travel. Portal reads below
 *       {@code portalRssiFloorCdbm} are strays from nearby shelves and never move an item. An outer portal read
 *       within {@code exitPairWindowMs} after an inner one means the item left at the outer read (once per pass);
 *       outer then inner is an item coming in; a lone inner read moves nothing. Items billing sold never exit
 *       again, until billing refunds them: RETURNED, then back on the floor at the next floor read. An exited
 *       item read inside again is withdrawn from its exit. EPCs that are not SGTIN-96 are counted and skipped.</li>
 *   <li><b>Visits</b> ({@code .visit}): an entry opens one; beacon sightings build its zone trail; an exit-zone
 *       sighting later than any inside sighting means the shopper is at the exit.</li>
 *   <li><b>Exit decisions</b> ({@code .exit}): once stream time passes an exit by {@code attributionWindowMs}, the
 *       open visits with an exit sighting within that window are scored on timing ({@code 1 - |dt| / window}) and,
 *       when the item has travel evidence, on co-travel too (the share of its carried reads made in the zone the
 *       visit's phone was in then); a visit the item did not travel with is no candidate. The best takes the item
 *       if alone or ahead of the runner-up by {@code minMargin}, else AMBIGUOUS naming the candidates; nobody at the
 *       exit means UNPAID_EXIT, raised half-way through the window when nobody is at the exit at all. A visit at
 *       the exit closes {@code basketGraceMs} after its last exit sighting with exactly one BasketClosed, every
 *       line carrying its evidence. Decisions run on stream-time punctuation, with a wall-clock guard for a quiet
 *       store.</li>
 *   <li><b>Inventory</b> ({@code .inventory}, {@code .query}): items on the floor counted per product and zone,
 *       kept incrementally and read through interactive queries.</li>
 * </ul>
 */
package walkout.tracking;
