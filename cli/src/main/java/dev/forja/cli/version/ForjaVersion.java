package dev.forja.cli.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Forja's version and the Java runtime's, as {@code forja version} and {@code --version} print. */
public final class ForjaVersion {
  /** Maven filters this resource (cli/pom.xml), so it holds the project version. */
  static final String RESOURCE = "forja-version.properties";

  private ForjaVersion() {}

  /**
   * Forja's version: the jar manifest's {@code Implementation-Version}, else the filtered resource
   * (when running from classes, as tests and IDEs do).
   */
  public static String forja() {
    String fromManifest = ForjaVersion.class.getPackage().getImplementationVersion();
    return fromManifest != null ? fromManifest : fromResource();
  }

  /** The Java runtime's full version, such as {@code 17.0.15+6}. */
  public static String java() {
    return Runtime.version().toString();
  }

  /** The running VM and its vendor, for people. */
  static String javaVm() {
    return System.getProperty("java.vm.name") + ", " + System.getProperty("java.vm.vendor");
  }

  private static String fromResource() {
    try (InputStream in = ForjaVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Answers {@code forja --version} with the same lines as {@code forja version}. */
  public static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return VersionCommand.tableLines().toArray(String[]::new);
    }
  }
}
