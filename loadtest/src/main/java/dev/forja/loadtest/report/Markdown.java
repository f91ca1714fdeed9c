package dev.forja.loadtest.report;

import java.util.List;

/** A Markdown document built line by line, with tables whose cells cannot break the table. */
final class Markdown {
  private final StringBuilder b = new StringBuilder();

  /** Appends {@code text} and a line break. */
  Markdown line(String text) {
    b.append(text).append('\n');
    return this;
  }

  /** Appends an empty line: the end of a paragraph. */
  Markdown blank() {
    b.append('\n');
    return this;
  }

  /**
   * Appends a table under an optional bold {@code title}; a row shorter than the header is padded
   * with empty cells, a longer one keeps its extra cells.
   */
  Markdown table(String title, List<String> header, List<List<String>> rows) {
    if (title != null && !title.isEmpty()) {
      line("**" + oneLine(title) + "**").blank();
    }
    row(header);
    StringBuilder rule = new StringBuilder("|");
    for (int i = 0; i < header.size(); i++) {
      rule.append("---|");
    }
    line(rule.toString());
    for (List<String> r : rows) {
      String[] cells = new String[Math.max(header.size(), r.size())];
      for (int i = 0; i < cells.length; i++) {
        cells[i] = i < r.size() && r.get(i) != null ? r.get(i) : "";
      }
      row(List.of(cells));
    }
    return blank();
  }

  private void row(List<String> cells) {
    StringBuilder r = new StringBuilder("|");
    for (String c : cells) {
      r.append(' ').append(oneLine(c).replace("|", "\\|")).append(" |");
    }
    line(r.toString());
  }

  /** {@code text} on one line: line breaks become spaces. */
  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  @Override
  public String toString() {
    return b.toString();
  }
}
