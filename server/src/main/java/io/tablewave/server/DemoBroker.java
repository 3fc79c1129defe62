package io.tablewave.server;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode's Kafka broker, started from the demo module ({@code tablewave-demo.jar}), which is not
 * on the server's classpath: a Kafka broker and its dependencies are no part of a production
 * server. The jar is looked for, in order, at {@code TABLEWAVE_DEMO_JAR}, beside the server's jar
 * (a distribution's {@code lib/}) and at {@code demo/target/} of the build the server's jar comes
 * from; when the demo classes are on the classpath already (tests), they are used as they are.
 */
final class DemoBroker implements AutoCloseable {
  static final String JAR = "tablewave-demo.jar";
  static final String JAR_VARIABLE = "TABLEWAVE_DEMO_JAR";
  private static final String ENTRY = "io.tablewave.demo.DemoKafka";
  private static final Logger LOG = LoggerFactory.getLogger(DemoBroker.class);

  private final AutoCloseable broker;
  private final String bootstrapServers;
  private final URLClassLoader loader;

  private DemoBroker(AutoCloseable broker, String bootstrapServers, URLClassLoader loader) {
    this.broker = requireNonNull(broker, "broker is null");
    this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers is null");
    this.loader = loader;
  }

  /** Starts the demo broker on {@code port} (a free one when 0), with its topics written. */
  static DemoBroker start(int port) {
    ClassLoader own = DemoBroker.class.getClassLoader();
    URLClassLoader loader =
        onClasspath(own) ? null : new URLClassLoader(new URL[] {url(findJar())}, own);
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    // The broker loads the classes its configuration names through the context class loader, and
    // its
    // threads inherit it.
    thread.setContextClassLoader(loader == null ? own : loader);
    try {
      Class<?> entry = Class.forName(ENTRY, true, loader == null ? own : loader);
      AutoCloseable broker = (AutoCloseable) entry.getMethod("start", int.class).invoke(null, port);
      String bootstrap = (String) entry.getMethod("bootstrapServers").invoke(broker);
      return new DemoBroker(broker, bootstrap, loader);
    } catch (InvocationTargetException e) {
      closeQuietly(loader, e);
      Throwable cause = e.getCause();
      throw new TablewaveException(ErrorCode.SOURCE_UNAVAILABLE, cause.getMessage(), cause);
    } catch (ReflectiveOperationException | ClassCastException e) {
      closeQuietly(loader, e);
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR, "the demo module has no usable " + ENTRY + ": " + e, e);
    } finally {
      thread.setContextClassLoader(context);
    }
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    try {
      broker.close();
    } catch (Exception e) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR, "could not stop the demo broker: " + e.getMessage(), e);
    } finally {
      if (loader != null) {
        try {
          loader.close();
        } catch (IOException e) {
          LOG.warn("the demo broker stopped, but its jar stays open until the server exits", e);
        }
      }
    }
  }

  private static boolean onClasspath(ClassLoader loader) {
    try {
      Class.forName(ENTRY, false, loader);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static Path findJar() {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getenv(JAR_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    serverJarDirectory()
        .ifPresent(
            dir -> {
              candidates.add(dir.resolve(JAR));
              candidates.add(dir.resolve("../../demo/target").resolve(JAR).normalize());
            });
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(
            () ->
                new TablewaveException(
                    ErrorCode.SOURCE_UNAVAILABLE,
                    "--demo needs the demo module's "
                        + JAR
                        + " and found none at "
                        + candidates
                        + "; build it with mvn -B -q -DskipTests package, or set "
                        + JAR_VARIABLE
                        + " to its path"));
  }

  /** The directory of the jar the server runs from, when it runs from a jar. */
  private static Optional<Path> serverJarDirectory() {
    CodeSource source = DemoBroker.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path location = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(location)
          ? Optional.ofNullable(location.toAbsolutePath().getParent())
          : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR, "cannot load " + jar + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(URLClassLoader loader, Exception failure) {
    if (loader != null) {
      try {
        loader.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
