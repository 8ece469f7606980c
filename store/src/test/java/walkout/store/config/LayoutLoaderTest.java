package walkout.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.PortalSide;
import walkout.ingest.ReaderTls;

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

        assertThatThrownBy(() -> LayoutLoader.load(badPort))
                .hasMessageContaining("readers[0].address: expected host:port");
        assertThatThrownBy(() -> LayoutLoader.load(badSide)).hasMessageContaining("side: expected inner or outer");
        assertThatThrownBy(() -> LayoutLoader.load(noExit))
                .hasMessageContaining("zones: exactly one zone must have kind: exit");
    }

    @Test
    void shouldReadAReaderWithoutAddressAsOneThatDialsInWithItsIdentification() throws IOException {
        Path file = write("nat.yaml", """
                store: s
                currency: EUR
                zones: [{id: A1}, {id: EXIT, kind: exit}]
                readers:
                  - {id: r-nat, identification: "00:16:25:12:34:56", antennas: {1: A1}}
                  - {id: r-named, antennas: {1: A1}}
                gates: [{id: g}]
                """);

        StoreLayout layout = LayoutLoader.load(file);

        assertThat(layout.readers().get(0).dialsIn()).isTrue();
        assertThat(layout.readers().get(0).identification()).isEqualTo("00:16:25:12:34:56");
        assertThat(layout.readers().get(1).dialsIn()).isTrue();
        assertThat(layout.readers().get(1).identification()).isNull();
    }

    @Test
    void shouldRefuseAnIdentificationOnAReaderThatIsDialled() throws IOException {
        Path file = write("both.yaml", """
                store: s
                currency: EUR
                zones: [{id: A1}, {id: EXIT, kind: exit}]
                readers:
                  - {id: r1, address: "127.0.0.1:5084", identification: "00:16:25:12:34:56", antennas: {1: A1}}
                gates: [{id: g}]
                """);

        assertThatThrownBy(() -> LayoutLoader.load(file))
                .hasMessageContaining("readers[0].identification: only for a reader that dials in (no address)");
    }

    @Test
    void shouldReadTlsSettingsWithFilesRelativeToTheLayout() throws IOException {
        write("reader-ca.pem", "-----BEGIN CERTIFICATE-----\n");
        Path file = write("tls.yaml", """
                store: s
                currency: EUR
                zones: [{id: A1}, {id: EXIT, kind: exit}]
                readers:
                  - id: r-tls
                    address: "10.0.0.5:5085"
                    tls: {ca: reader-ca.pem, pin: "SHA256:%s"}
                    antennas: {1: A1}
                  - {id: r-off, address: "10.0.0.6:5084", tls: {enabled: false}, antennas: {1: A1}}
                gates: [{id: g}]
                """.formatted("AB:".repeat(31) + "AB"));

        StoreLayout layout = LayoutLoader.load(file);

        assertThat(layout.readers().get(0).tls()).isEqualTo(new ReaderTls(dir.resolve("reader-ca.pem").toString(),
                "ab".repeat(32), null, null));
        assertThat(layout.readers().get(1).tls()).isNull();
    }

    @Test
    void shouldNameTheTlsFieldWhenAFileIsMissingOrNothingIsTrusted() throws IOException {
        Path missing = write("m.yaml", "store: s\ncurrency: EUR\nzones: [{id: E, kind: exit}]\n"
                + "readers: [{id: r, address: 'h:5085', tls: {ca: nope.pem}, antennas: {1: E}}]\ngates: [{id: g}]\n");
        Path untrusted = write("u.yaml", "store: s\ncurrency: EUR\nzones: [{id: E, kind: exit}]\n"
                + "readers: [{id: r, address: 'h:5085', tls: {}, antennas: {1: E}}]\ngates: [{id: g}]\n");

        assertThatThrownBy(() -> LayoutLoader.load(missing))
                .hasMessageContaining("readers[0].tls.ca: file not found: " + dir.resolve("nope.pem"));
        assertThatThrownBy(() -> LayoutLoader.load(untrusted))
                .hasMessageContaining("readers[0].tls: needs a CA file (ca) or a pinned SHA-256 fingerprint (pin)");
    }

    @Test
    void shouldTakeAPinForAReaderThatDialsInButNotAClientCertificate() throws IOException {
        write("client.pem", "-----BEGIN CERTIFICATE-----\n");
        Path pinned = write("dial-tls.yaml", "store: s\ncurrency: EUR\nzones: [{id: E, kind: exit}]\n"
                + "readers: [{id: r-nat, tls: {pin: '" + "cd".repeat(32) + "'}, antennas: {1: E}}]\n"
                + "gates: [{id: g}]\n");
        Path withCert = write("dial-cert.yaml", "store: s\ncurrency: EUR\nzones: [{id: E, kind: exit}]\n"
                + "readers: [{id: r-nat, tls: {pin: '" + "cd".repeat(32) + "', cert: client.pem, key: client.pem},"
                + " antennas: {1: E}}]\ngates: [{id: g}]\n");

        StoreLayout layout = LayoutLoader.load(pinned);

        assertThat(layout.readers().get(0).tls()).isEqualTo(new ReaderTls(null, "cd".repeat(32), null, null));
        assertThatThrownBy(() -> LayoutLoader.load(withCert))
                .hasMessageContaining("readers[0].tls: cert and key are for a reader ingest dials");
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
