package walkout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WalkoutCliTest {

    @TempDir
    Path dir;

    @Test
    void shouldListCommandsAndEnvironmentVariablesInHelp() {
        Result r = run("--help");

        assertThat(r.code).isZero();
        assertThat(r.out).contains("demo", "run", "WALKOUT_");
    }

    @Test
    void shouldDocumentContractOptionsInRunHelp() {
        Result r = run("run", "--help");

        assertThat(r.out).contains("--layout", "--catalog", "--data-dir", "--kafka", "--db-url", "--http-port",
                "--staff-key", "--bind", "--payment-gateway", "--stripe-key", "--refund-window-days");
    }

    @Test
    void shouldExitWithOneClearLineWhenLayoutIsInvalid() throws Exception {
        Path layout = dir.resolve("layout.yaml");
        Files.writeString(layout, "store: s\ncurrency: euro\n");

        Result r = run("run", "--layout", layout.toString(), "--data-dir", dir.resolve("data").toString());

        assertThat(r.code).isEqualTo(WalkoutCli.EXIT_CONFIG);
        assertThat(r.err.strip()).isEqualTo("walkout: " + layout + ": currency: expected an ISO 4217 code like EUR, "
                + "got \"euro\"");
    }

    @Test
    void shouldExitWithOneClearLineWhenCatalogIsInvalid() throws Exception {
        Path catalog = dir.resolve("catalog.csv");
        Files.writeString(catalog, "gtin,name,price,currency,vat_rate\n04012345000017,Socks,4.99,EUR,0.19\n");

        Result r = run("run", "--catalog", catalog.toString(), "--data-dir", dir.resolve("data").toString());

        assertThat(r.code).isEqualTo(WalkoutCli.EXIT_CONFIG);
        assertThat(r.err).contains(catalog.toString()).contains("line 2").contains("gtin");
        assertThat(r.err.strip().lines()).hasSize(1);
    }

    @Test
    void shouldRefuseBadOptionValues() {
        assertThat(run("run", "--http-port", "70000").err).contains("--http-port=70000 must be 0-65535");
        assertThat(run("demo", "--shoppers", "0").err).contains("--shoppers=0 must be 1-500");
        assertThat(run("demo", "--duration", "soon").err).contains("--duration=soon: expected e.g. 60s");
    }

    @Test
    void shouldRefuseBadIngestOptionValuesNamingTheOption() {
        Result cycle = run("run", "--journal-roll-cycle", "monthly");
        assertThat(cycle.code).isEqualTo(WalkoutCli.EXIT_CONFIG);
        assertThat(cycle.err).contains("--journal-roll-cycle=monthly must be one of five-minutely, hourly, daily, "
                + "weekly");
        assertThat(run("run", "--journal-keep-days", "-1").err).contains("--journal-keep-days=-1 must be 0-3650");
        assertThat(run("run", "--help").out).contains("--journal-roll-cycle", "--journal-keep-days");
    }

    @Test
    void shouldParseShortDurations() {
        assertThat(WalkoutCli.parseDuration("90s")).isEqualTo(90_000);
        assertThat(WalkoutCli.parseDuration("2m")).isEqualTo(120_000);
        assertThat(WalkoutCli.parseDuration("1m30s")).isEqualTo(90_000);
        assertThat(WalkoutCli.parseDuration("45")).isEqualTo(45_000);
        assertThatThrownBy(() -> WalkoutCli.parseDuration("")).hasMessageContaining("--duration");
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = WalkoutCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }
}
