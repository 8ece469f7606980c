package walkout.tracking;

import java.util.concurrent.atomic.LongAdder;

/**
 * What tracking counted instead of failing or deciding: skipped input and decisions made. Thread-safe; one
 * instance per {@link TrackingApp}, shared by its stream threads.
 */
public final class TrackingCounters {
    private final LongAdder undecodableRecords = new LongAdder();
    private final LongAdder invalidRecords = new LongAdder();
    private final LongAdder nonSgtinReads = new LongAdder();
    private final LongAdder sightingsWithoutVisit = new LongAdder();
    private final LongAdder itemExits = new LongAdder();
    private final LongAdder itemsAttributed = new LongAdder();
    private final LongAdder itemsAmbiguous = new LongAdder();
    private final LongAdder unpaidExits = new LongAdder();
    private final LongAdder soldItemsIgnoredAtExit = new LongAdder();
    private final LongAdder basketsClosed = new LongAdder();
    private final LongAdder itemsReturned = new LongAdder();
    private final LongAdder strayPortalReads = new LongAdder();
    private final LongAdder resentReads = new LongAdder();
    private final LongAdder missedOuterExits = new LongAdder();
    private final LongAdder duplicateLinesRefused = new LongAdder();
    private final LongAdder linesMovedBetweenBaskets = new LongAdder();
    private final LongAdder visitsTimedOut = new LongAdder();

    /** A pass read only by the inner antenna, then nothing: the outer antenna missed the item as it left. */
    public void missedOuterExit() {
        missedOuterExits.increment();
    }

    public long missedOuterExits() {
        return missedOuterExits.sum();
    }

    /** An attribution refused because the visit's basket already had a line for the EPC. */
    public void duplicateLineRefused() {
        duplicateLinesRefused.increment();
    }

    public long duplicateLinesRefused() {
        return duplicateLinesRefused.sum();
    }

    /** A line taken out of one open basket because its EPC was attributed to another. */
    public void lineMovedBetweenBaskets() {
        linesMovedBetweenBaskets.increment();
    }

    public long linesMovedBetweenBaskets() {
        return linesMovedBetweenBaskets.sum();
    }

    /** A visit closed by its time-out, not by leaving. */
    public void visitTimedOut() {
        visitsTimedOut.increment();
    }

    public long visitsTimedOut() {
        return visitsTimedOut.sum();
    }

    /** A tag read whose record id was already applied (the relay sent it again). */
    public void resentRead() {
        resentReads.increment();
    }

    public long resentReads() {
        return resentReads.sum();
    }

    public void undecodableRecord() {
        undecodableRecords.increment();
    }

    public void invalidRecord() {
        invalidRecords.increment();
    }

    public void nonSgtinRead() {
        nonSgtinReads.increment();
    }

    public void sightingWithoutVisit() {
        sightingsWithoutVisit.increment();
    }

    public void itemExit() {
        itemExits.increment();
    }

    public void itemAttributed() {
        itemsAttributed.increment();
    }

    public void itemAmbiguous() {
        itemsAmbiguous.increment();
    }

    public void unpaidExit() {
        unpaidExits.increment();
    }

    public void soldItemIgnoredAtExit() {
        soldItemsIgnoredAtExit.increment();
    }

    public void itemReturned() {
        itemsReturned.increment();
    }

    public void strayPortalRead() {
        strayPortalReads.increment();
    }

    public void basketClosed() {
        basketsClosed.increment();
    }

    /** Records on input topics that did not deserialize (skipped by the deserialization handler). */
    public long undecodableRecords() {
        return undecodableRecords.sum();
    }

    /** Records that deserialized but missed a required field (skipped by a processor). */
    public long invalidRecords() {
        return invalidRecords.sum();
    }

    /** Tag reads whose EPC is not an SGTIN-96: never attributed, never billed. */
    public long nonSgtinReads() {
        return nonSgtinReads.sum();
    }

    /** Beacon sightings from a customer with no open visit. */
    public long sightingsWithoutVisit() {
        return sightingsWithoutVisit.sum();
    }

    public long itemExits() {
        return itemExits.sum();
    }

    public long itemsAttributed() {
        return itemsAttributed.sum();
    }

    public long itemsAmbiguous() {
        return itemsAmbiguous.sum();
    }

    public long unpaidExits() {
        return unpaidExits.sum();
    }

    public long soldItemsIgnoredAtExit() {
        return soldItemsIgnoredAtExit.sum();
    }

    public long basketsClosed() {
        return basketsClosed.sum();
    }

    /** Exited items read inside again: their exit was withdrawn. */
    public long itemsReturned() {
        return itemsReturned.sum();
    }

    /** Portal reads below the RSSI floor: tags on nearby shelves, ignored. */
    public long strayPortalReads() {
        return strayPortalReads.sum();
    }
}
