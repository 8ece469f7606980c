package walkout.billing.catalog;

/**
 * A catalog that cannot be used. The message reads {@code <source>: line N: <field>: <why>} so an operator can fix
 * the file without reading code.
 */
public final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }

    static CatalogException at(String source, int line, String field, String why) {
        return new CatalogException(source + ": line " + line + ": " + field + ": " + why);
    }
}
