package dev.forja.cli.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.forja.cli.CliRun;
import dev.forja.cli.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VersionCommandTest {
  private static String projectVersion;

  /** The version Maven wrote into the filtered resource: the project's, never a literal here. */
  @BeforeAll
  static void readProjectVersion() throws IOException {
    try (InputStream in = ForjaVersion.class.getResourceAsStream(ForjaVersion.RESOURCE)) {
      assertNotNull(in, ForjaVersion.RESOURCE);
      Properties properties = new Properties();
      properties.load(in);
      projectVersion = properties.getProperty("version");
    }
    assertNotNull(projectVersion);
    assertFalse(projectVersion.contains("${"), "not filtered by Maven: " + projectVersion);
    assertTrue(projectVersion.matches("\\d+\\.\\d+\\.\\d+.*"), projectVersion);
  }

  @Test
  void printsTheProjectVersionThenTheJavaVersion() {
    CliRun run = CliRun.of("version");

    assertEquals(ExitCode.SUCCESS.code(), run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(2, lines.size(), run.out());
    assertEquals("forja " + projectVersion, lines.get(0));
    assertTrue(lines.get(1).startsWith("Java " + Runtime.version()), lines.get(1));
  }

  @Test
  void jsonOutputHoldsVersionAndJava() throws IOException {
    CliRun run = CliRun.of("version", "-o", "json");

    assertEquals(ExitCode.SUCCESS.code(), run.exitCode(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertTrue(json.isObject(), run.out());
    assertEquals(projectVersion, json.path("Version").asText());
    assertEquals(Runtime.version().toString(), json.path("Java").asText());
    assertEquals(2, json.size(), run.out());
  }

  @Test
  void yamlOutputHoldsTheSameKeys() throws IOException {
    CliRun run = CliRun.of("version", "--output=YAML");

    assertEquals(ExitCode.SUCCESS.code(), run.exitCode(), run.err());
    JsonNode yaml = new YAMLMapper().readTree(run.out());
    assertEquals(projectVersion, yaml.path("Version").asText());
    assertEquals(Runtime.version().toString(), yaml.path("Java").asText());
  }

  @Test
  void unknownOutputFormatExitsTwoNamingTheChoices() {
    CliRun run = CliRun.of("version", "-o", "xml");

    assertEquals(ExitCode.INVALID_INPUT.code(), run.exitCode());
    assertTrue(run.err().contains("expected one of table, json, yaml but was 'xml'"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void versionOptionPrintsTheSameLines() {
    CliRun option = CliRun.of("--version");
    CliRun verb = CliRun.of("version");

    assertEquals(ExitCode.SUCCESS.code(), option.exitCode());
    assertEquals(verb.out(), option.out());
  }
}
