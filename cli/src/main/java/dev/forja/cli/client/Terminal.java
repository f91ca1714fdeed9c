package dev.forja.cli.client;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The user's terminal, when the verb runs in one: where it may ask for confirmation and draw live
 * progress ({@code ProgressRenderer.live} when {@link #interactive()}, else {@code plain}). Tests
 * hand verbs a fake one.
 */
public interface Terminal {
  /** How wide a line may be when the terminal does not say ({@code COLUMNS} unset). */
  int DEFAULT_COLUMNS = 80;

  /** Whether a person is there: stdin and stdout are a terminal. */
  boolean interactive();

  /** Asks {@code prompt} and returns the answer, or null at end of input. */
  String ask(String prompt);

  /** The terminal's width in columns. */
  int columns();

  /** The JVM's terminal: interactive when {@link System#console()} is a terminal. */
  // A null console means no terminal before JDK 22; from 22 on, isTerminal() tells (below).
  @SuppressWarnings("SystemConsoleNull")
  static Terminal system() {
    Console console = System.console();
    boolean interactive = console != null && isTerminal(console);
    return new Terminal() {
      @Override
      public boolean interactive() {
        return interactive;
      }

      @Override
      public String ask(String prompt) {
        return console == null ? null : console.readLine("%s", prompt);
      }

      @Override
      public int columns() {
        try {
          return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "").strip());
        } catch (NumberFormatException e) {
          return DEFAULT_COLUMNS;
        }
      }
    };
  }

  /**
   * Java 22 returns a console even when the streams are redirected and tells them apart with {@code
   * isTerminal()}; before it, a console exists only on a terminal.
   */
  private static boolean isTerminal(Console console) {
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (IllegalAccessException | InvocationTargetException e) {
      return false;
    }
  }
}
