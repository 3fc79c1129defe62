package io.tablewave.ui;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The page's files, read once from the server jar: the HTML, script and style of the page, and
 * Cytoscape.js from its WebJar ({@code org.webjars.npm:cytoscape}), so nothing comes from the
 * network.
 */
final class UiResources {
  private static final String WEBJAR_POM =
      "META-INF/maven/org.webjars.npm/cytoscape/pom.properties";

  /** A file of the page. */
  record Resource(byte[] bytes, String contentType, boolean immutable) {}

  private final Map<String, Resource> files;

  private UiResources(Map<String, Resource> files) {
    this.files = Map.copyOf(files);
  }

  static UiResources load() {
    ClassLoader loader = UiResources.class.getClassLoader();
    String cytoscape =
        "META-INF/resources/webjars/cytoscape/" + webjarVersion(loader) + "/dist/cytoscape.min.js";
    return new UiResources(
        Map.of(
            "index.html",
                new Resource(
                    read(loader, "io/tablewave/ui/index.html"), "text/html;charset=utf-8", false),
            "app.js",
                new Resource(
                    read(loader, "io/tablewave/ui/app.js"), "text/javascript;charset=utf-8", false),
            "app.css",
                new Resource(
                    read(loader, "io/tablewave/ui/app.css"), "text/css;charset=utf-8", false),
            "lib/cytoscape.min.js",
                new Resource(read(loader, cytoscape), "text/javascript;charset=utf-8", true)));
  }

  /** The file at {@code path} below {@code /ui/}. */
  Optional<Resource> get(String path) {
    return Optional.ofNullable(files.get(path.isEmpty() ? "index.html" : path));
  }

  private static String webjarVersion(ClassLoader loader) {
    Properties properties = new Properties();
    try (InputStream in = loader.getResourceAsStream(WEBJAR_POM)) {
      if (in == null) {
        throw new IllegalStateException(
            "the Cytoscape.js WebJar is missing from the server's classpath ("
                + WEBJAR_POM
                + "); rebuild the server, or start it with --ui=false");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + WEBJAR_POM + ": " + e.getMessage(), e);
    }
    return properties.getProperty("version");
  }

  private static byte[] read(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the live page's file "
                + name
                + " is missing from the server's classpath;"
                + " rebuild the server, or start it with --ui=false");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the live page's file " + name + ": " + e.getMessage(), e);
    }
  }
}
