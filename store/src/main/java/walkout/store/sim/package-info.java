/**
 * The store simulator: plays a whole store against the real system and knows the truth.
 *
 * <p>{@link walkout.store.sim.StoreSimulator} is the entry point. Inside, a {@code World} holds the physical truth
 * (stock, who carries what, who is where, who walked out with what) and turns it into what each antenna reads per
 * round; {@link walkout.store.sim.LlrpReaderEmulator} serves those reads over real LLRP/TCP; a {@code VisitPlanner}
 * decides every shopper's visit from the seed as plain data ({@code VisitPlan}); {@code ShopperRun} plays a plan in
 * real time through the device HTTP API; {@link walkout.store.sim.SimReport} compares the truth with the orders.
 * Plans and the world take explicit times, so the same visits can later be played in event time without sockets.
 */
package walkout.store.sim;
