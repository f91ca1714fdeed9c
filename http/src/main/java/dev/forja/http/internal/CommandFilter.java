package dev.forja.http.internal;

import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.http.dto.ProblemError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code query} of {@code GET /api/v1/commands}: terms {@code state:}, {@code command:}, {@code
 * mode:} and {@code stack:} (a command touching that stack), with {@code *} wildcards and several
 * values OR'ed ({@code state:Failed,Canceled}); different fields are AND'ed, as in inventory
 * queries. States and kinds match case-insensitively, stacks exactly.
 */
public final class CommandFilter implements Predicate<FormaCommand> {
  /** The fields a term may name. */
  enum Field {
    STATE,
    COMMAND,
    MODE,
    STACK
  }

  /** Matches every command. */
  public static final CommandFilter ALL = new CommandFilter(new EnumMap<>(Field.class));

  private final Map<Field, List<Pattern>> terms;

  private CommandFilter(Map<Field, List<Pattern>> terms) {
    this.terms = terms;
  }

  /** Parses {@code text}; blank matches everything. A bad term throws naming it. */
  public static CommandFilter parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    Map<Field, List<Pattern>> terms = new EnumMap<>(Field.class);
    for (String term : text.strip().split("\\s+", -1)) {
      int colon = term.indexOf(':');
      Field field = colon <= 0 ? null : field(term.substring(0, colon));
      if (field == null) {
        throw bad(term, "expected field:value with field one of " + names());
      }
      for (String v : term.substring(colon + 1).split(",", -1)) {
        if (v.isEmpty()) {
          throw bad(term, "empty value");
        }
        terms.computeIfAbsent(field, f -> new ArrayList<>()).add(pattern(field, v));
      }
    }
    return new CommandFilter(terms);
  }

  /** Whether this filter matches everything. */
  public boolean isAll() {
    return terms.isEmpty();
  }

  @Override
  public boolean test(FormaCommand c) {
    for (Map.Entry<Field, List<Pattern>> e : terms.entrySet()) {
      List<String> values =
          switch (e.getKey()) {
            case STATE -> List.of(c.state().wire());
            case COMMAND -> List.of(c.kind().wire());
            case MODE -> List.of(c.mode().wire());
            case STACK -> c.updates().stream().map(ResourceUpdate::stack).distinct().toList();
          };
      if (values.stream()
          .noneMatch(v -> e.getValue().stream().anyMatch(p -> p.matcher(v).matches()))) {
        return false;
      }
    }
    return true;
  }

  private static Field field(String name) {
    for (Field f : Field.values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }

  private static Pattern pattern(Field field, String value) {
    String regex =
        Arrays.stream(value.split(Pattern.quote("*"), -1))
            .map(s -> s.isEmpty() ? "" : Pattern.quote(s))
            .collect(Collectors.joining(".*"));
    return field == Field.STACK
        ? Pattern.compile(regex, Pattern.DOTALL)
        : Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  private static String names() {
    return Arrays.stream(Field.values())
        .map(f -> f.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  private static BadRequestException bad(String term, String why) {
    String message = "invalid command query term '" + term + "': " + why;
    return new BadRequestException(message, List.of(ProblemError.at("query", message)));
  }
}
