package walkout.tracking.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import walkout.events.EpcisObjectEvent;
import walkout.events.codec.Json;
import walkout.tracking.query.EpcisQuery;

class EpcisEventsTest {
    /** The Tag Data Standard's worked example. */
    private static final String EPC = "3074257BF7194E4000001A85";
    private static final String EPC_URI = "urn:epc:id:sgtin:0614141.812345.6789";
    private static final long AT = 1_763_820_000_123L;

    private final EpcisEvents events = new EpcisEvents();

    @Test
    void shouldDescribeStockingWithStandardVocabularyWhenItemFirstSeenOnShelf() {
        EpcisObjectEvent event = events.stocked("store-1", EPC, "A1", AT);

        assertThat(event.type()).isEqualTo("ObjectEvent");
        assertThat(event.context()).containsExactly(EpcisObjectEvent.CONTEXT);
        assertThat(event.epcList()).containsExactly(EPC_URI);
        assertThat(event.action()).isEqualTo("OBSERVE");
        assertThat(event.bizStep()).isEqualTo("stocking");
        assertThat(event.disposition()).isEqualTo("sellable_accessible");
        assertThat(event.eventTime()).isEqualTo("2025-11-22T14:00:00.123Z");
        assertThat(event.eventTimeZoneOffset()).isEqualTo("+00:00");
        assertThat(event.readPoint().id()).isEqualTo("urn:walkout:store:store-1:zone:A1");
        assertThat(event.bizLocation().id()).isEqualTo("urn:walkout:store:store-1");
        assertThat(event.eventID()).matches("ni:///sha-256;[0-9a-f]{64}");
    }

    @Test
    void shouldValidateAgainstGs1SchemaWhenStandaloneOrInDocument() {
        List<EpcisObjectEvent> all = List.of(events.stocked("store-1", EPC, "A1", AT),
                events.sold("store-1", EPC, "EXIT", AT + 5_000),
                events.leftUnpaid("store-1", EPC, "EXIT", AT + 9_000));

        for (EpcisObjectEvent event : all) {
            assertThat(EpcisSchema.errors(event)).as(event.bizStep()).isEmpty();
        }
        assertThat(EpcisSchema.errors(EpcisQuery.document(all, Instant.ofEpochMilli(AT + 10_000)))).isEmpty();
    }

    @Test
    void shouldFailSchemaWhenEventBreaksTheStandard() {
        Map<String, Object> noTime = asMap(events.sold("store-1", EPC, "EXIT", AT));
        noTime.remove("eventTime");
        Map<String, Object> badStep = asMap(events.sold("store-1", EPC, "EXIT", AT));
        badStep.put("bizStep", "walking_out");
        Map<String, Object> unknownField = asMap(events.sold("store-1", EPC, "EXIT", AT));
        unknownField.put("storeId", "store-1");

        assertThat(EpcisSchema.errors(noTime)).isNotEmpty();
        assertThat(EpcisSchema.errors(badStep)).isNotEmpty();
        assertThat(EpcisSchema.errors(unknownField)).isNotEmpty();
    }

    @Test
    void shouldDeriveSameEventIdWhenSameCauseIsSeenAgain() {
        EpcisObjectEvent first = events.leftUnpaid("store-1", EPC, "EXIT", AT);
        EpcisObjectEvent again = new EpcisEvents().leftUnpaid("store-1", EPC, "EXIT", AT);
        EpcisObjectEvent later = events.leftUnpaid("store-1", EPC, "EXIT", AT + 1);
        EpcisObjectEvent sold = events.sold("store-1", EPC, "EXIT", AT);

        assertThat(again.eventID()).isEqualTo(first.eventID());
        assertThat(List.of(later.eventID(), sold.eventID())).doesNotContain(first.eventID()).doesNotHaveDuplicates();
    }

    @Test
    void shouldUseRawUriAndEncodedIdsWhenTagIsNotSgtinOrIdsHaveSpaces() {
        EpcisObjectEvent event = events.stocked("store 1", "E2801160600002054CC2096F", "Aisle 1", AT);

        assertThat(event.epcList()).containsExactly("urn:epc:raw:96.xE2801160600002054CC2096F");
        assertThat(event.readPoint().id()).isEqualTo("urn:walkout:store:store%201:zone:Aisle%201");
        assertThat(EpcisSchema.errors(event)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(EpcisObjectEvent event) {
        return new LinkedHashMap<>(Json.MAPPER.convertValue(event, Map.class));
    }
}
