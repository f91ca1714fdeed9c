package dev.forja.engine.input;

/**
 * One thing wrong with an input: where (source, JSON pointer, and line:column when the parser knew
 * it) and what.
 *
 * @param source the file or stream name
 * @param pointer the JSON pointer of the offending value, {@code ""} for the document
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param message what is wrong, naming the field
 */
public record Problem(String source, String pointer, int line, int column, String message) {

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (source != null && !source.isEmpty()) {
      b.append(source).append(':');
    }
    if (line > 0) {
      b.append(line).append(':').append(column).append(':');
    }
    if (b.length() > 0) {
      b.append(' ');
    }
    if (!pointer.isEmpty()) {
      b.append(pointer).append(": ");
    }
    return b.append(message).toString();
  }
}
