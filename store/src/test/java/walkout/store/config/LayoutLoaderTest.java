package walkout.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.PortalSide;

class LayoutLoaderTest {

    @TempDir
    Path dir;

    @Test
    void shouldLoadBundledDemoLayout() {
        StoreLayout layout = LayoutLoader.loadDemo();

        assertThat(layout.store()).isEqualTo("store-1");
        assertThat(layout.currency()).isEqualTo("EUR");
        assertThat(layout.exitZone()).map(StoreLayout.Zone::id).contains("EXIT");
        StoreLayout.Reader exit = layout.readers().stream().filter(r -> r.id().equals("r-exit")).findFirst()
                .orElseThrow();
        assertThat(exit.antennas().get(1)).isEqualTo(new StoreLayout.Antenna("EXIT", PortalSide.INNER));
        assertThat(exit.antennas().get(2)).isEqualTo(new StoreLayout.Antenna("EXIT", PortalSide.OUTER));
        assertThat(layout.beacons()).extracting(StoreLayout.Beacon::zone).contains("A1", "EXIT");
    }

    @Test
    void shouldLoadContractExampleWrittenAsJson() throws IOException {
        Path file = write("layout.json", """
                {"store": "s-9", "currency": "USD",
                 "zones": [{"id": "A1"}, {"id": "X", "kind": "exit"}],
                 "readers": [{"id": "r1", "address": "10.0.0.5:5084", "antennas": {"1": "A1"}}],
                 "beacons": [], "gates": [{"id": "g1", "kind": "entry"}]}
                """);

        StoreLayout layout = LayoutLoader.load(file);

        assertThat(layout.readers().get(0).host()).isEqualTo("10.0.0.5");
        assertThat(layout.readers().get(0).port()).isEqualTo(5084);
        assertThat(layout.readers().get(0).antennas().get(1).side()).isEqualTo(PortalSide.NONE);
    }

    @Test
    void shouldNameFileFieldAndValueWhenZoneIsUnknown() throws IOException {
        Path file = write("bad.yaml", """
                store: s
                currency: EUR
                zones: [{id: A1}, {id: EXIT, kind: exit}]
                readers:
                  - {id: r1, address: "127.0.0.1:5084", antennas: {1: A1}}
                  - {id: r2, address: "127.0.0.1:5085", antennas: {2: {zone: Z9, side: inner}}}
                gates: [{id: g}]
                """);

        assertThatThrownBy(() -> LayoutLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": readers[1].antennas.2.zone: unknown zone \"Z9\"");
    }

    @Test
    void shouldRefuseBadPortSideAndMissingExit() throws IOException {
        Path badPort = write("p.yaml", "store: s\ncurrency: EUR\nzones: [{id: E, kind: exit}]\n"
                + "readers: [{id: r, address: 'host', antennas: {1: E}}]\ngates: [{id: g}]\n");
        Path badSide = write("s.yaml", "store: s\ncurrency: EUR\nzones: [{id: E, kind: exit}]\n"
                + "readers: [{id: r, address: 'h:1', antennas: {1: {zone: E, side: left}}}]\ngates: [{id: g}]\n");
        Path noExit = write("e.yaml", "store: s\ncurrency: EUR\nzones: [{id: A}]\ngates: [{id: g}]\n");

        assertThatThrownBy(() -> LayoutLoader.load(badPort)).hasMessageContaining("readers[0].address: expected host:port");
        assertThatThrownBy(() -> LayoutLoader.load(badSide)).hasMessageContaining("side: expected inner or outer");
        assertThatThrownBy(() -> LayoutLoader.load(noExit)).hasMessageContaining("zones: exactly one zone must have kind: exit");
    }

    @Test
    void shouldReportLineWhenYamlIsBroken() throws IOException {
        Path file = write("broken.yaml", "store: s\nzones: [\n  {id: A\n");

        assertThatThrownBy(() -> LayoutLoader.load(file)).hasMessageContaining("not valid YAML at line");
    }

    @Test
    void shouldSayWhenFileIsMissing() {
        assertThatThrownBy(() -> LayoutLoader.load(dir.resolve("nope.yaml")))
                .hasMessageContaining("nope.yaml: layout file not found");
    }

    @Test
    void shouldMoveOneReaderWhenAddressIsReplaced() {
        StoreLayout moved = LayoutLoader.loadDemo().withReaderAddress("r-a1", "127.0.0.1", 40001);

        assertThat(moved.readers()).filteredOn(r -> r.id().equals("r-a1"))
                .singleElement().extracting(StoreLayout.Reader::port).isEqualTo(40001);
        assertThat(moved.readers()).filteredOn(r -> r.id().equals("r-a2"))
                .singleElement().extracting(StoreLayout.Reader::port).isEqualTo(15086);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
