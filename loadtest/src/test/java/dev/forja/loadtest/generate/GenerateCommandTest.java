package dev.forja.loadtest.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.input.FormaReader;
import dev.forja.engine.input.ReadResult;
import dev.forja.loadtest.LoadtestMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code forja loadtest generate}: the file it writes, what it prints, and its usage errors. */
class GenerateCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = LoadtestMain.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  @Test
  void writesTheJsonFormaAndPrintsItsPathAndSummary() throws Exception {
    Path outDir = dir.resolve("formas");
    int code = run("generate", "--count", "60", "--seed", "3", "--out", outDir.toString());

    assertThat(code).isZero();
    Path file = outDir.resolve("forma-60-3.json");
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(EnvironmentGenerator.json(EnvironmentGenerator.generate(60, 3)));
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).isEqualTo(file.toString());
    assertThat(lines.get(1))
        .startsWith("60 resources: ")
        .contains("EC2::VPC=1")
        .contains("2 stacks");
  }

  @Test
  void writesYamlAndPklThatReadAsTheSameForma() {
    assertThat(
            run(
                "generate",
                "--count",
                "40",
                "--seed",
                "5",
                "--out",
                dir.toString(),
                "--format",
                "yaml"))
        .isZero();
    assertThat(
            run(
                "generate",
                "--count",
                "40",
                "--seed",
                "5",
                "--out",
                dir.toString(),
                "--format",
                "pkl"))
        .isZero();
    assertThat(run("generate", "--count", "40", "--seed", "5", "--out", dir.toString())).isZero();

    ReadResult json = FormaReader.standalone().read(dir.resolve("forma-40-5.json"));
    for (String ext : new String[] {"yaml", "pkl"}) {
      ReadResult other = FormaReader.standalone().read(dir.resolve("forma-40-5." + ext));
      assertThat(other.problems()).as(ext).isEmpty();
      assertThat(other.forma()).as(ext).isEqualTo(json.forma());
    }
  }

  @Test
  void badOptionsExitTwoNamingTheOption() {
    assertThat(run("generate", "--count", "0", "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--count");

    assertThat(run("generate", "--count", "many", "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--count");

    assertThat(run("generate", "--count", "5", "--out", dir.toString(), "--format", "xml"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--format");

    assertThat(run("generate", "--count", "5")).isEqualTo(2);
    assertThat(err.toString()).contains("--out");
    assertThat(dir).isEmptyDirectory();
  }
}
