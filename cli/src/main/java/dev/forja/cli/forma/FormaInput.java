package dev.forja.cli.forma;

import dev.forja.cli.CliException;
import dev.forja.engine.input.FormaReader;
import dev.forja.engine.input.Problem;
import dev.forja.engine.input.ReadResult;
import dev.forja.engine.model.Forma;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reading a forma file for a verb, every problem turned into one exit-2 failure. */
public final class FormaInput {
  private FormaInput() {}

  /** The forma in {@code file}; every problem in it fails the verb with exit 2. */
  public static Forma read(FormaReader reader, Path file) {
    if (!Files.isRegularFile(file)) {
      throw CliException.invalidInput(file + ": no such file");
    }
    ReadResult r = reader.read(file);
    if (!r.ok()) {
      throw CliException.invalidInput(
          r.problems().size()
              + (r.problems().size() == 1 ? " problem" : " problems")
              + " in "
              + file
              + ":\n"
              + r.problems().stream()
                  .map(Problem::toString)
                  .map(p -> "  " + p)
                  .collect(Collectors.joining("\n")));
    }
    return r.forma();
  }
}
