package dev.forja.cli.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import picocli.CommandLine;

/** A terminal for tests: interactive or not, with the answers a user would type. */
final class FakeTerminal implements Terminal {
  final List<String> prompts = new ArrayList<>();
  private final boolean interactive;
  private final Deque<String> answers;

  private FakeTerminal(boolean interactive, List<String> answers) {
    this.interactive = interactive;
    this.answers = new ArrayDeque<>(answers);
  }

  /** A user at a terminal who will type {@code answers}, one per question. */
  static FakeTerminal answering(String... answers) {
    return new FakeTerminal(true, List.of(answers));
  }

  /** No terminal: output is a pipe, nobody to ask. */
  static FakeTerminal none() {
    return new FakeTerminal(false, List.of());
  }

  /** Hands this terminal to the verbs that use one, in {@code cmd}. */
  void install(CommandLine cmd) {
    ((ApplyCommand) cmd.getSubcommands().get("apply").getCommand()).terminal(this);
    ((DestroyCommand) cmd.getSubcommands().get("destroy").getCommand()).terminal(this);
    ((StatusCommand) cmd.getSubcommands().get("status").getCommand()).terminal(this);
  }

  @Override
  public boolean interactive() {
    return interactive;
  }

  @Override
  public String ask(String prompt) {
    prompts.add(prompt);
    return answers.poll();
  }

  @Override
  public int columns() {
    return 100;
  }
}
