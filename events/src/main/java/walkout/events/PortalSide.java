package walkout.events;

/** Which side of the exit portal an antenna faces; {@code NONE} for every antenna that is not part of the portal. */
public enum PortalSide {
    NONE,
    /** Store side: a leaving item is read here first. */
    INNER,
    /** Street side: a leaving item is read here last. */
    OUTER
}
