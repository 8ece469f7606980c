package walkout.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A GS1 EPCIS 2.0 ObjectEvent in the standard's JSON-LD binding, field for field (names from the spec): what the
 * store saw happen to tagged items. Serialised as is on {@code walkout.epcis-events} and inside the EPCISDocument of
 * {@code GET /api/epcis/events}; absent fields are left out.
 *
 * @param context             JSON-LD context, the GS1 EPCIS context URL
 * @param eventTime           ISO-8601 UTC instant, from the reads (event time), never from the wall clock
 * @param eventTimeZoneOffset offset of the store's local time, {@code +00:00} style
 * @param eventID             deterministic for the cause, so a replay re-derives the same id
 * @param epcList             pure-identity EPC URIs, e.g. {@code urn:epc:id:sgtin:0614141.812345.6789}
 * @param action              {@code OBSERVE}, {@code ADD} or {@code DELETE}
 * @param bizStep             CBV 2.0 bare word, e.g. {@code stocking}
 * @param disposition         CBV 2.0 bare word, e.g. {@code sellable_accessible}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"@context", "type", "eventID", "eventTime", "eventTimeZoneOffset", "epcList", "action",
        "bizStep", "disposition", "readPoint", "bizLocation"})
public record EpcisObjectEvent(@JsonProperty("@context") List<String> context, String type,
                               @JsonProperty("eventID") String eventID, String eventTime,
                               String eventTimeZoneOffset, List<String> epcList, String action, String bizStep,
                               String disposition, Place readPoint, Place bizLocation) {
    /** The GS1 EPCIS 2.0 JSON-LD context. */
    public static final String CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";
    public static final String TYPE = "ObjectEvent";

    public EpcisObjectEvent {
        context = context == null ? null : List.copyOf(context);
        epcList = epcList == null ? List.of() : List.copyOf(epcList);
    }

    /** {@link #eventTime} as epoch milliseconds. */
    public long eventTimeMillis() {
        return Instant.parse(eventTime).toEpochMilli();
    }

    /** A readPoint or bizLocation: an identifier URI. */
    public record Place(String id) {
    }
}
