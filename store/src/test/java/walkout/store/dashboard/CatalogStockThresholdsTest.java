package walkout.store.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import walkout.billing.catalog.Catalog;

class CatalogStockThresholdsTest {
    private static Catalog catalog(String socksLowStock) {
        return Catalog.read(new StringReader("gtin,name,price,currency,vat_rate,low_stock\n"
                + "04012345000016,Socks,4.99,EUR,0.19," + socksLowStock + "\n"
                + "04012345000023,Shirt,9.99,EUR,0.19,\n"), "test.csv");
    }

    @Test
    void shouldUseTheCatalogColumnOrTheStoreDefaultAndFollowAReload() {
        AtomicReference<Catalog> inForce = new AtomicReference<>(catalog("7"));
        CatalogStockThresholds thresholds = new CatalogStockThresholds(inForce::get, 3);

        assertThat(thresholds.thresholdOf("04012345000016")).isEqualTo(7);
        assertThat(thresholds.thresholdOf("04012345000023")).as("empty column: store default").isEqualTo(3);
        assertThat(thresholds.thresholdOf("04012345000030")).as("not in the catalog: store default").isEqualTo(3);

        inForce.set(catalog("0"));
        assertThat(thresholds.thresholdOf("04012345000016")).as("after a reload").isZero();
    }
}
