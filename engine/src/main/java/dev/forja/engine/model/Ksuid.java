package dev.forja.engine.model;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;
import java.util.function.Supplier;

/**
 * K-sortable unique ids (27 base62 characters: 4 bytes of seconds since 2014-05-13, 16 random
 * bytes), so ids sort by creation time. Tests pass a seeded {@link Random} and a fixed clock to get
 * the same ids every run.
 */
public final class Ksuid implements Supplier<String> {
  private static final long EPOCH = 1_400_000_000L;
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int LENGTH = 27;

  private final Clock clock;
  private final Random random;

  private Ksuid(Clock clock, Random random) {
    this.clock = clock;
    this.random = random;
  }

  /** A generator for production: the system clock and a secure random source. */
  public static Ksuid generator() {
    return new Ksuid(Clock.systemUTC(), new SecureRandom());
  }

  /** A generator for tests: a given clock and random source. */
  public static Ksuid generator(Clock clock, Random random) {
    return new Ksuid(clock, random);
  }

  @Override
  public String get() {
    byte[] bytes = new byte[20];
    long secs = clock.millis() / 1000 - EPOCH;
    bytes[0] = (byte) (secs >>> 24);
    bytes[1] = (byte) (secs >>> 16);
    bytes[2] = (byte) (secs >>> 8);
    bytes[3] = (byte) secs;
    byte[] payload = new byte[16];
    random.nextBytes(payload);
    System.arraycopy(payload, 0, bytes, 4, 16);
    return encode(bytes);
  }

  private static String encode(byte[] bytes) {
    char[] out = new char[LENGTH];
    int[] digits = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      digits[i] = bytes[i] & 0xff;
    }
    int pos = LENGTH;
    int start = 0;
    while (pos > 0) {
      int rem = 0;
      for (int i = start; i < digits.length; i++) {
        int acc = rem * 256 + digits[i];
        digits[i] = acc / 62;
        rem = acc % 62;
      }
      out[--pos] = ALPHABET[rem];
      while (start < digits.length && digits[start] == 0) {
        start++;
      }
    }
    return new String(out);
  }
}
