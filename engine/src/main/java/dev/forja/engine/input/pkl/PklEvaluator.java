package dev.forja.engine.input.pkl;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.pkl.core.Evaluator;
import org.pkl.core.EvaluatorBuilder;
import org.pkl.core.Loggers;
import org.pkl.core.ModuleSource;
import org.pkl.core.OutputFormat;
import org.pkl.core.PklException;
import org.pkl.core.StackFrame;
import org.pkl.core.StackFrameTransformers;
import org.pkl.core.module.ModuleKeyFactories;
import org.pkl.core.resource.ResourceReaders;

/**
 * Evaluates a forma written in Pkl into the forma's JSON text (FORMA.md's wire shape), in process.
 *
 * <p>A forma module amends Forja's base module, which resolves offline from the class path:
 *
 * <pre>{@code
 * amends "forja:/Forma.pkl"
 *
 * local vpc = new ForjaResource {
 *   Label = "vpc1"; Type = "AWS::EC2::VPC"; Stack = "net"; Target = "aws-us-east-2"
 *   Properties { CidrBlock = "10.0.0.0/16" }
 * }
 * Stacks { new { Label = "net" } }
 * Targets { new { Label = "aws-us-east-2"; Namespace = "AWS"; Config { Region = "us-east-2" } } }
 * Resources {
 *   vpc
 *   new {
 *     Label = "subnet1"; Type = "AWS::EC2::Subnet"; Stack = "net"; Target = "aws-us-east-2"
 *     Properties { VpcId = vpc.res("VpcId") }
 *   }
 * }
 * }</pre>
 *
 * <p>A module may import {@code pkl:} standard library modules, {@code forja:} modules and local
 * files, and read local files ({@code file:}) and environment variables ({@code env:}), for example
 * a secret: {@code new Opaque { Value = read("env:DB_PASSWORD") }}. Nothing is fetched over the
 * network. Because a module reads the files and environment of the process that evaluates it,
 * evaluate users' modules where the user runs (the CLI), not on a shared server.
 *
 * <p>Each call builds and closes its own Pkl evaluator, so calls are independent and may run
 * concurrently; the first call in a JVM pays for loading Pkl and Truffle (one to a few seconds),
 * later calls take milliseconds.
 */
public final class PklEvaluator {
  /** The URI of Forja's base module, which a forma module amends. */
  public static final String FORMA_MODULE_URI = "forja:/Forma.pkl";

  private static final List<Pattern> ALLOWED_MODULES =
      List.of(Pattern.compile("^pkl:"), Pattern.compile("^forja:"), Pattern.compile("^file:"));

  /** {@code prop:} only carries the output format we set below, not the JVM's properties. */
  private static final List<Pattern> ALLOWED_RESOURCES =
      List.of(Pattern.compile("^file:"), Pattern.compile("^env:"), Pattern.compile("^prop:"));

  /** Bounds a module that never finishes (a runaway recursion), so that a command cannot hang. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private PklEvaluator() {}

  /**
   * Evaluates the Pkl module {@code file} and returns the forma's JSON text.
   *
   * <p>A module that amends {@value #FORMA_MODULE_URI} is type-checked against Forja's classes; a
   * module that does not is still rendered as JSON, and the forma reader checks its shape.
   *
   * @throws PklInputException when the module cannot be read or evaluated, with Pkl's message
   */
  public static String evaluateToJson(Path file) {
    try (Evaluator evaluator = newEvaluator()) {
      return evaluator.evaluateOutputText(ModuleSource.path(file.toAbsolutePath().normalize()));
    } catch (PklException e) {
      throw new PklInputException(e.getMessage(), e);
    }
  }

  private static Evaluator newEvaluator() {
    return EvaluatorBuilder.unconfigured()
        .setColor(false)
        .setStackFrameTransformer(
            StackFrameTransformers.convertStdLibUrlToExternalUrl.andThen(
                PklEvaluator::withLineNumber))
        .addModuleKeyFactory(ModuleKeyFactories.standardLibrary)
        .addModuleKeyFactory(new ForjaModuleKeyFactory())
        .addModuleKeyFactory(ModuleKeyFactories.file)
        .addResourceReader(ResourceReaders.file())
        .addResourceReader(ResourceReaders.environmentVariable())
        .addResourceReader(ResourceReaders.externalProperty())
        .setAllowedModules(ALLOWED_MODULES)
        .setAllowedResources(ALLOWED_RESOURCES)
        .setEnvironmentVariables(System.getenv())
        // The base module renders JSON itself; this makes a module that does not amend it JSON too.
        .setOutputFormat(OutputFormat.JSON)
        .setTimeout(TIMEOUT)
        // trace() is a user's debugging aid, shown where the user runs Forja, as pkl eval does.
        .setLogger(Loggers.stdErr())
        .build();
  }

  /**
   * Appends the line to a user's or Forja's module URI in a stack frame: Pkl 0.30 shows the line
   * only in the source excerpt's gutter, and a message read in a log should name it outright.
   */
  private static StackFrame withLineNumber(StackFrame frame) {
    String uri = frame.getModuleUri();
    if (uri.startsWith("file:") || uri.startsWith(ForjaModuleKeyFactory.SCHEME + ":")) {
      return frame.withModuleUri(uri + ", line " + frame.getStartLine());
    }
    return frame;
  }
}
