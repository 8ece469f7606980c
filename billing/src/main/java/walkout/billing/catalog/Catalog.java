package walkout.billing.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import walkout.events.Gtin;

/**
 * The products a store sells, loaded from the contract's CSV ({@code gtin,name,price,currency,vat_rate}, header
 * required) and validated as a whole: one bad line refuses the file. An optional sixth column {@code low_stock}
 * (integer >= 0, empty for the store's default) sets a product's low-stock threshold. Immutable and thread-safe.
 */
public final class Catalog {
    static final List<String> HEADER = List.of("gtin", "name", "price", "currency", "vat_rate");
    /** The contract's header plus the optional low-stock threshold column. */
    static final List<String> HEADER_WITH_LOW_STOCK = List.of("gtin", "name", "price", "currency", "vat_rate",
            "low_stock");

    private final Map<String, Product> byGtin;
    private final List<Product> products;

    private Catalog(Map<String, Product> byGtin) {
        this.byGtin = Collections.unmodifiableMap(byGtin);
        this.products = List.copyOf(byGtin.values());
    }

    /** Reads a catalog file (UTF-8). Errors name the file, the line and the field. */
    public static Catalog load(Path csv) {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return read(in, csv.toString());
        } catch (IOException e) {
            throw new CatalogException(csv + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a catalog; {@code sourceName} prefixes every error message. */
    public static Catalog read(Reader in, String sourceName) {
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        Map<String, Product> byGtin = new LinkedHashMap<>();
        int lineNo = 0;
        boolean headerSeen = false;
        int columns = HEADER.size();
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = CsvLine.split(line, sourceName, lineNo);
                if (!headerSeen) {
                    columns = checkHeader(fields, sourceName, lineNo);
                    headerSeen = true;
                    continue;
                }
                Product product = parse(fields, columns, sourceName, lineNo);
                if (byGtin.putIfAbsent(product.gtin(), product) != null) {
                    throw CatalogException.at(sourceName, lineNo, "gtin", product.gtin() + " is listed twice");
                }
            }
        } catch (IOException e) {
            throw new CatalogException(sourceName + ": line " + (lineNo + 1) + ": cannot read: " + e.getMessage(), e);
        }
        if (!headerSeen) {
            throw CatalogException.at(sourceName, 1, "header", "missing, expected " + String.join(",", HEADER));
        }
        return new Catalog(byGtin);
    }

    /** Every product in file order. */
    public List<Product> products() {
        return products;
    }

    /** The product with this GTIN-14, if the store sells it. */
    public Optional<Product> find(String gtin14) {
        return Optional.ofNullable(byGtin.get(gtin14));
    }

    /** Checks the header; returns how many columns every line must have. */
    private static int checkHeader(List<String> fields, String source, int lineNo) {
        List<String> normalized = new ArrayList<>(fields.size());
        for (String f : fields) {
            normalized.add(f.trim().toLowerCase(java.util.Locale.ROOT));
        }
        if (!normalized.equals(HEADER) && !normalized.equals(HEADER_WITH_LOW_STOCK)) {
            throw CatalogException.at(source, lineNo, "header", "expected " + String.join(",", HEADER)
                    + " (optionally followed by low_stock), got " + String.join(",", fields));
        }
        return normalized.size();
    }

    private static Product parse(List<String> fields, int columns, String source, int lineNo) {
        if (fields.size() != columns) {
            throw CatalogException.at(source, lineNo, "columns", "expected " + columns + " fields, got "
                    + fields.size());
        }
        String gtin = fields.get(0).trim();
        try {
            new Gtin(gtin);
        } catch (IllegalArgumentException e) {
            throw CatalogException.at(source, lineNo, "gtin", e.getMessage());
        }
        String name = fields.get(1).trim();
        if (name.isEmpty()) {
            throw CatalogException.at(source, lineNo, "name", "must not be empty");
        }
        String currencyCode = fields.get(3).trim();
        Currency currency;
        try {
            currency = Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException e) {
            throw CatalogException.at(source, lineNo, "currency", "'" + currencyCode + "' is not an ISO 4217 code");
        }
        int minorDigits = currency.getDefaultFractionDigits();
        if (minorDigits < 0) {
            throw CatalogException.at(source, lineNo, "currency", currencyCode + " has no minor unit to price in");
        }
        long priceMinor = parsePrice(fields.get(2).trim(), minorDigits, currencyCode, source, lineNo);
        BigDecimal vatRate = parseVatRate(fields.get(4).trim(), source, lineNo);
        Integer lowStock = columns > HEADER.size() ? parseLowStock(fields.get(5).trim(), source, lineNo) : null;
        return new Product(gtin, name, priceMinor, currencyCode, vatRate, lowStock);
    }

    /** Empty means "the store's default": null. */
    private static Integer parseLowStock(String text, String source, int lineNo) {
        if (text.isEmpty()) {
            return null;
        }
        int lowStock;
        try {
            lowStock = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw CatalogException.at(source, lineNo, "low_stock", "'" + text + "' is not an integer");
        }
        if (lowStock < 0) {
            throw CatalogException.at(source, lineNo, "low_stock", text + " must be >= 0");
        }
        return lowStock;
    }

    private static long parsePrice(String text, int minorDigits, String currency, String source, int lineNo) {
        BigDecimal price;
        try {
            price = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw CatalogException.at(source, lineNo, "price", "'" + text + "' is not a number");
        }
        if (price.signum() < 0) {
            throw CatalogException.at(source, lineNo, "price", text + " must be >= 0");
        }
        if (price.stripTrailingZeros().scale() > minorDigits) {
            throw CatalogException.at(source, lineNo, "price", text + " has more than " + minorDigits
                    + " decimal digits for " + currency);
        }
        try {
            return price.movePointRight(minorDigits).longValueExact();
        } catch (ArithmeticException e) {
            throw CatalogException.at(source, lineNo, "price", text + " is too large");
        }
    }

    private static BigDecimal parseVatRate(String text, String source, int lineNo) {
        BigDecimal rate;
        try {
            rate = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw CatalogException.at(source, lineNo, "vat_rate", "'" + text + "' is not a number");
        }
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0) {
            throw CatalogException.at(source, lineNo, "vat_rate", text + " must be in [0, 1)");
        }
        // The ledger stores rates with 4 decimals (NUMERIC(5,4)); more would be silently rounded there.
        if (rate.stripTrailingZeros().scale() > 4) {
            throw CatalogException.at(source, lineNo, "vat_rate", text + " has more than 4 decimal digits");
        }
        return rate.signum() == 0 ? BigDecimal.ZERO : rate.stripTrailingZeros();
    }
}
