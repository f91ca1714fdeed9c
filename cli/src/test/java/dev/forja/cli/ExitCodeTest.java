package dev.forja.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
  @Test
  void codesAreTheOnesInInterfacesMd() {
    assertEquals(0, ExitCode.SUCCESS.code());
    assertEquals(1, ExitCode.FAILED.code());
    assertEquals(2, ExitCode.INVALID_INPUT.code());
    assertEquals(3, ExitCode.AGENT_UNREACHABLE.code());
    assertEquals(
        List.of(0, 1, 2, 3), Arrays.stream(ExitCode.values()).map(ExitCode::code).toList());
  }

  @Test
  void anExceptionOtherThanCliExceptionIsAFailure() {
    assertEquals(ExitCode.FAILED, ExitCode.of(new IllegalStateException("bug")));
    assertEquals(ExitCode.INVALID_INPUT, ExitCode.of(CliException.invalidInput("bad forma")));
  }
}
