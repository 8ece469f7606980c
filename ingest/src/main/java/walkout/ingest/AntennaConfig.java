package walkout.ingest;

import java.util.Objects;
import walkout.events.PortalSide;

/** Where one reader antenna looks: its layout zone, and which side of the exit portal it faces (NONE elsewhere). */
public record AntennaConfig(String zone, PortalSide side) {
    public AntennaConfig {
        if (zone == null || zone.isBlank()) {
            throw new IllegalArgumentException("zone=" + zone + " must not be blank");
        }
        Objects.requireNonNull(side, "side must not be null (PortalSide.NONE when not a portal antenna)");
    }

    /** An antenna that is not part of the exit portal. */
    public static AntennaConfig of(String zone) {
        return new AntennaConfig(zone, PortalSide.NONE);
    }
}
