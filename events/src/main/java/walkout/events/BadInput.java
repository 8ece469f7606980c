package walkout.events;

/**
 * Input from outside (an HTTP body, a file) that is wrong in a named field. The HTTP layer answers 400 with
 * {@code {"error":"<field>: <why>"}}; loaders print the same text.
 */
public final class BadInput extends RuntimeException {
    private final String field;

    public BadInput(String field, String why) {
        super(field + ": " + why, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
