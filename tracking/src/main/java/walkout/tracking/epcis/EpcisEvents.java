package walkout.tracking.epcis;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import walkout.events.Epc;
import walkout.events.EpcisObjectEvent;
import walkout.events.EpcisObjectEvent.Place;
import walkout.events.codec.Sgtin96Decoder;

/**
 * Builds the EPCIS 2.0 ObjectEvents tracking reports, one kind per thing the store saw. All are {@code OBSERVE}:
 * the store observes tags that were commissioned elsewhere ({@code ADD} is for commissioning or adding to a parent).
 *
 * <table>
 * <caption>events</caption>
 * <tr><th>when</th><th>bizStep</th><th>disposition</th><th>readPoint</th><th>bizLocation</th></tr>
 * <tr><td>an item is first read resting on a shelf, or a returned item is back on one</td><td>stocking</td>
 *     <td>sellable_accessible</td><td>its zone</td><td>the store</td></tr>
 * <tr><td>billing sold it (item-sold)</td><td>retail_selling</td><td>retail_sold</td><td>the exit zone</td>
 *     <td>none: it left the store's custody</td></tr>
 * <tr><td>it left with nobody to charge (UNPAID_EXIT)</td><td>entering_exiting</td><td>stolen</td>
 *     <td>the exit zone</td><td>none</td></tr>
 * </table>
 *
 * <p>Identifiers: EPCs are pure-identity URIs ({@code urn:epc:id:sgtin:...}; a tag that is not an SGTIN-96 gets
 * its raw URI {@code urn:epc:raw:96.x<hex>}). The layout has no GLNs, so locations are Walkout URNs built from its
 * ids: {@code urn:walkout:store:<storeId>} and {@code urn:walkout:store:<storeId>:zone:<zoneId>}, ids
 * percent-encoded. {@code eventID} is {@code ni:///sha-256;<hex>} of the event's content (type, time, EPC, action,
 * bizStep, disposition, locations), so the same cause always gives the same id. Times are UTC with offset
 * {@code +00:00}: the layout carries no time zone.
 *
 * <p>Not thread-safe (it holds a decoder): one instance per processor.
 */
public final class EpcisEvents {
    public static final String OBSERVE = "OBSERVE";
    public static final String STOCKING = "stocking";
    public static final String SELLABLE_ACCESSIBLE = "sellable_accessible";
    public static final String RETAIL_SELLING = "retail_selling";
    public static final String RETAIL_SOLD = "retail_sold";
    public static final String ENTERING_EXITING = "entering_exiting";
    public static final String STOLEN = "stolen";
    public static final String UTC_OFFSET = "+00:00";

    private final Sgtin96Decoder decoder = new Sgtin96Decoder();

    /** The item was read resting on a shelf of {@code zone} for the first time. */
    public EpcisObjectEvent stocked(String storeId, String epc, String zone, long atMillis) {
        return event(epc, atMillis, STOCKING, SELLABLE_ACCESSIBLE, zoneUrn(storeId, zone), storeUrn(storeId));
    }

    /** Billing charged for the item; it leaves (or left) through {@code exitZone}. */
    public EpcisObjectEvent sold(String storeId, String epc, String exitZone, long atMillis) {
        return event(epc, atMillis, RETAIL_SELLING, RETAIL_SOLD, zoneUrn(storeId, exitZone), null);
    }

    /** The item left through {@code exitZone} with nobody to charge (UNPAID_EXIT). */
    public EpcisObjectEvent leftUnpaid(String storeId, String epc, String exitZone, long atMillis) {
        return event(epc, atMillis, ENTERING_EXITING, STOLEN, zoneUrn(storeId, exitZone), null);
    }

    /** The pure-identity URI of an SGTIN-96, or the raw URI of any other 96-bit EPC. */
    public String epcUri(String epcHex) {
        if (Epc.isHex96(epcHex) && decoder.decode(Epc.hi(epcHex), Epc.lo(epcHex)) == Sgtin96Decoder.Status.OK) {
            return decoder.uri();
        }
        return "urn:epc:raw:96.x" + epcHex.toUpperCase();
    }

    public static String storeUrn(String storeId) {
        return "urn:walkout:store:" + encode(storeId);
    }

    public static String zoneUrn(String storeId, String zone) {
        return storeUrn(storeId) + ":zone:" + encode(zone);
    }

    private EpcisObjectEvent event(String epc, long atMillis, String bizStep, String disposition, String readPoint,
                                   String bizLocation) {
        String time = Instant.ofEpochMilli(atMillis).toString();
        String epcUri = epcUri(epc);
        String id = "ni:///sha-256;" + sha256(String.join("|", EpcisObjectEvent.TYPE, time, epcUri, OBSERVE,
                bizStep, disposition, readPoint, String.valueOf(bizLocation)));
        return new EpcisObjectEvent(List.of(EpcisObjectEvent.CONTEXT), EpcisObjectEvent.TYPE, id, time, UTC_OFFSET,
                List.of(epcUri), OBSERVE, bizStep, disposition, new Place(readPoint),
                bizLocation == null ? null : new Place(bizLocation));
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String sha256(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
