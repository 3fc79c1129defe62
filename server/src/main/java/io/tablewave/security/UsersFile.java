package io.tablewave.security;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --users-file}: one {@code user: password, role} line per user, role {@code reader} or
 * {@code loader}; blank lines and lines starting with {@code #} are ignored. The HTTP layer checks
 * the passwords from the same file; this class knows the roles and refuses a file it could not read
 * the same way, saying which line is wrong. Passwords are never kept here.
 */
public final class UsersFile {
  private final Path path;
  private final Map<String, Role> roles;

  private UsersFile(Path path, Map<String, Role> roles) {
    this.path = path;
    this.roles = Map.copyOf(roles);
  }

  /**
   * Reads and checks the file.
   *
   * @throws IllegalArgumentException naming the file, the line and what is wrong with it
   */
  public static UsersFile read(Path path) {
    requireNonNull(path, "path is null");
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read --users-file " + path + ": " + e.getMessage(), e);
    }
    Map<String, Role> roles = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = "--users-file " + path + " line " + (i + 1) + ": ";
      int colon = line.indexOf(':');
      int comma = line.lastIndexOf(',');
      if (colon <= 0 || comma < colon) {
        throw new IllegalArgumentException(where + "expected 'user: password, role'");
      }
      String user = line.substring(0, colon).strip();
      String password = line.substring(colon + 1, comma).strip();
      String role = line.substring(comma + 1).strip();
      if (user.isEmpty() || user.contains(" ")) {
        throw new IllegalArgumentException(where + "the user name is empty or holds a space");
      }
      if (password.isEmpty()) {
        throw new IllegalArgumentException(where + "user " + user + " has no password");
      }
      Role parsed =
          Role.of(role)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          where
                              + "unknown role '"
                              + role
                              + "' for user "
                              + user
                              + "; the roles are reader and loader"));
      if (roles.put(user, parsed) != null) {
        throw new IllegalArgumentException(where + "user " + user + " is listed twice");
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException(
          "--users-file " + path + " lists no user; write 'user: password, role' lines");
    }
    return new UsersFile(path, roles);
  }

  public Path path() {
    return path;
  }

  public Optional<Role> role(String user) {
    return Optional.ofNullable(roles.get(user));
  }

  /** The role names the HTTP layer admits. */
  public static String[] roleLabels() {
    return new String[] {Role.READER.label(), Role.LOADER.label()};
  }
}
