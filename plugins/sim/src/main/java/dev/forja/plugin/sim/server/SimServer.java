package dev.forja.plugin.sim.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.forja.plugin.sim.cloud.SimCloud;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator as an HTTP server: the Cloud Control API (AWS JSON 1.0) at {@code POST /} and the
 * control API under {@code /_sim/}, both over one {@link SimCloud}. Point the AWS SDK at {@link
 * #endpoint()}. The server owns its cloud: closing the server closes the cloud, which writes a
 * persistent cloud's state file one last time.
 */
public final class SimServer implements AutoCloseable {
  /** Where the server listens unless told otherwise: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  // Handlers do a little CPU work under the cloud's lock and never wait on a mutation (those
  // finish lazily), so a few threads per core keep both cores busy without queueing behind I/O.
  private static final int THREADS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
  // A load test opens many connections at once; the platform default backlog (50) drops some.
  private static final int BACKLOG = 1024;

  static {
    // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
    // the body then waits for the client's delayed ACK (40 ms on Linux) on a kept-alive
    // connection. Read once by the JDK when its first server starts; an explicit setting wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final SimCloud cloud;
  private final HttpServer http;
  private final ExecutorService executor;
  private final URI endpoint;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SimServer(SimCloud cloud, HttpServer http, ExecutorService executor) {
    this.cloud = cloud;
    this.http = http;
    this.executor = executor;
    this.endpoint = endpointOf(http.getAddress());
  }

  /** Serves {@code cloud} on an ephemeral loopback port, as tests want it. */
  public static SimServer start(SimCloud cloud) {
    return start(cloud, DEFAULT_HOST, 0);
  }

  /**
   * Serves {@code cloud} on {@code host:port}, listening once this returns.
   *
   * @param host the address to bind, null for {@value #DEFAULT_HOST}
   * @param port the port, 0 for an ephemeral one ({@link #port()} tells which)
   * @throws IllegalArgumentException if the port is out of range or the host does not resolve
   * @throws UncheckedIOException if it cannot listen there, e.g. the port is in use (its cause is
   *     then a {@link java.net.BindException})
   */
  public static SimServer start(SimCloud cloud, String host, int port) {
    Objects.requireNonNull(cloud, "cloud");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
    }
    String bindHost = host == null ? DEFAULT_HOST : host;
    InetSocketAddress address = new InetSocketAddress(bindHost, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("host '" + bindHost + "' does not resolve");
    }
    HttpServer http;
    try {
      http = HttpServer.create(address, BACKLOG);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + bindHost + ":" + port + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, new HandlerThreads());
    CloudControlHandler cloudControl = new CloudControlHandler(cloud);
    ControlHandler control = new ControlHandler(cloud);
    http.setExecutor(executor);
    http.createContext("/", exchange -> route(exchange, cloudControl, control));
    http.start();
    return new SimServer(cloud, http, executor);
  }

  /** The port it listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** Its base URL, such as {@code http://127.0.0.1:4566}: the SDK's endpoint override. */
  public URI endpoint() {
    return endpoint;
  }

  /** The cloud it serves. */
  public SimCloud cloud() {
    return cloud;
  }

  /**
   * Stops listening, drops open connections (requests in flight may go unanswered), then closes the
   * cloud, which writes a persistent cloud's state file.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    cloud.close();
  }

  private static void route(
      HttpExchange exchange, CloudControlHandler cloudControl, ControlHandler control) {
    try {
      String path = exchange.getRequestURI().getPath();
      if ("/".equals(path)) {
        cloudControl.handle(exchange);
      } else if (path.startsWith(ControlHandler.PREFIX)) {
        control.handle(exchange);
      } else {
        ControlHandler.notFound(exchange, ControlHandler.mapper());
      }
    } catch (IOException e) {
      // The client went away while we answered: there is no one left to tell.
    } catch (RuntimeException e) {
      // A bug in the simulator; answer rather than leave the client waiting. If the answer had
      // already begun, this fails too, and closing the exchange below drops the connection.
      try {
        Exchanges.sendProblem(
            exchange, ControlHandler.mapper(), 500, "Internal Server Error", e.toString());
      } catch (IOException | RuntimeException again) {
        // Nothing more can be said on this connection.
      }
    } finally {
      exchange.close();
    }
  }

  private static URI endpointOf(InetSocketAddress bound) {
    InetAddress address = bound.getAddress();
    // A wildcard bind answers on loopback too, and a client cannot connect to 0.0.0.0 everywhere.
    String host =
        address.isAnyLocalAddress()
            ? DEFAULT_HOST
            : address instanceof Inet6Address
                ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
    return URI.create("http://" + host + ":" + bound.getPort());
  }

  /** Daemon threads, so that a server left open never keeps a JVM alive. */
  private static final class HandlerThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "forja-sim-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
