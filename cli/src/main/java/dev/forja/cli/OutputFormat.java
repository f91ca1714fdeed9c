package dev.forja.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a verb prints its result: for people ({@code table}) or for scripts. */
public enum OutputFormat {
  TABLE,
  JSON,
  YAML;

  /** The name users type, such as {@code json}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads {@code -o} values in any case and names the choices when the value is none of them. */
  static final class Converter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      for (OutputFormat format : values()) {
        if (format.name().equalsIgnoreCase(value)) {
          return format;
        }
      }
      throw new TypeConversionException(
          "expected one of "
              + Arrays.stream(values())
                  .map(OutputFormat::toString)
                  .collect(Collectors.joining(", "))
              + " but was '"
              + value
              + "'");
    }
  }
}
