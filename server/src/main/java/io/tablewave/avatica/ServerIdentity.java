package io.tablewave.avatica;

/** How the server introduces itself to clients. */
public record ServerIdentity(
    String productName, String version, int majorVersion, int minorVersion) {
  public static ServerIdentity of(String version) {
    String[] parts = version.split("[.-]");
    return new ServerIdentity("Tablewave", version, number(parts, 0), number(parts, 1));
  }

  private static int number(String[] parts, int index) {
    try {
      return index < parts.length ? Integer.parseInt(parts[index]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
