package dev.forja.engine.store;

import dev.forja.engine.model.InventoryResource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A parsed inventory query, such as {@code stack:prod-* type:AWS::S3::Bucket managed:true}.
 *
 * <p>Terms are {@code field:value}, separated by blanks. Several values of one field are OR'ed,
 * written either {@code stack:a,b} or {@code stack:a stack:b}; different fields are AND'ed. In a
 * value, {@code *} stands for any run of characters, and matching is case-sensitive, except for
 * {@code managed}, which takes {@code true} or {@code false} in any case. Only the first colon of a
 * term separates field from value, so {@code type:AWS::S3::Bucket} needs no escaping. Blank text
 * matches everything.
 *
 * <p>{@link #terms()} exposes the parsed terms so that a SQL store can filter in the database;
 * {@link #matches} is the reference semantics every store must agree with.
 */
public final class InventoryQuery {

  /** The fields a term may name. */
  public enum Field {
    MANAGED,
    STACK,
    TARGET,
    TYPE,
    LABEL;

    /** The field's name in query text: {@code stack}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The resource's value of this field, as query text compares it. */
    public String valueOf(InventoryResource r) {
      return switch (this) {
        case MANAGED -> Boolean.toString(r.managed());
        case STACK -> r.stack();
        case TARGET -> r.target();
        case TYPE -> r.type();
        case LABEL -> r.label();
      };
    }

    static String names() {
      return Arrays.stream(values()).map(Field::wire).collect(Collectors.joining(", "));
    }
  }

  /** The wildcard in a value: any run of characters, possibly empty. */
  public static final String WILDCARD = "*";

  private static final Pattern BLANKS = Pattern.compile("\\s+");

  /** Matches everything. */
  public static final InventoryQuery ALL = new InventoryQuery("", new EnumMap<>(Field.class));

  private final String text;
  private final Map<Field, List<String>> terms;
  private final Map<Field, List<Predicate<String>>> matchers = new EnumMap<>(Field.class);

  private InventoryQuery(String text, Map<Field, List<String>> terms) {
    this.text = text;
    EnumMap<Field, List<String>> copy = new EnumMap<>(Field.class);
    terms.forEach((f, vs) -> copy.put(f, List.copyOf(vs)));
    this.terms = Collections.unmodifiableMap(copy);
    this.terms.forEach(
        (f, vs) -> matchers.put(f, vs.stream().map(InventoryQuery::matcher).toList()));
  }

  /**
   * Parses {@code text}; null or blank text gives {@link #ALL}.
   *
   * @throws InvalidQueryException naming the first term that is not {@code field:value} with a
   *     known field and a valid value
   */
  public static InventoryQuery parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    Map<Field, List<String>> terms = new EnumMap<>(Field.class);
    for (String term : BLANKS.split(text.strip(), -1)) {
      int colon = term.indexOf(':');
      if (colon <= 0) {
        throw new InvalidQueryException(term, "expected field:value");
      }
      Field field = field(term, term.substring(0, colon));
      List<String> values = terms.computeIfAbsent(field, f -> new ArrayList<>());
      // -1 keeps trailing empty strings, so "stack:a," is refused rather than read as "stack:a".
      for (String value : term.substring(colon + 1).split(",", -1)) {
        values.add(value(term, field, value));
      }
    }
    return new InventoryQuery(text, terms);
  }

  private static Field field(String term, String name) {
    for (Field f : Field.values()) {
      if (f.wire().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new InvalidQueryException(term, "unknown field '" + name + "'");
  }

  private static String value(String term, Field field, String value) {
    if (value.isEmpty()) {
      throw new InvalidQueryException(term, "empty value for " + field.wire());
    }
    if (field == Field.MANAGED) {
      if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
        throw new InvalidQueryException(term, "managed takes true or false, not '" + value + "'");
      }
      return value.toLowerCase(Locale.ROOT);
    }
    return value;
  }

  private static Predicate<String> matcher(String value) {
    if (!value.contains(WILDCARD)) {
      return value::equals;
    }
    String regex =
        Arrays.stream(value.split(Pattern.quote(WILDCARD), -1))
            .map(s -> s.isEmpty() ? "" : Pattern.quote(s))
            .collect(Collectors.joining(".*"));
    Pattern p = Pattern.compile(regex, Pattern.DOTALL);
    return s -> p.matcher(s).matches();
  }

  /** Whether {@code r} satisfies every field of this query (any one value per field). */
  public boolean matches(InventoryResource r) {
    for (Map.Entry<Field, List<Predicate<String>>> e : matchers.entrySet()) {
      String actual = e.getKey().valueOf(r);
      if (e.getValue().stream().noneMatch(m -> m.test(actual))) {
        return false;
      }
    }
    return true;
  }

  /** The query as the user wrote it. */
  public String text() {
    return text;
  }

  /**
   * The parsed terms: for each field named, its values in order of appearance; {@code managed}
   * values lower-cased, others as written, wildcards included. Empty for {@link #ALL}.
   */
  public Map<Field, List<String>> terms() {
    return terms;
  }

  /** Whether this query matches everything. */
  public boolean isAll() {
    return terms.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InventoryQuery q && q.text.equals(text) && q.terms.equals(terms);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return "InventoryQuery[" + text + "]";
  }
}
