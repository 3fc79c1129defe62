package io.tablewave.ui;

import static java.util.Objects.requireNonNull;

import io.tablewave.security.UsersFile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.server.UserIdentity;

/**
 * HTTP BASIC against the users file, checked the way the Avatica side checks it (Jetty's {@link
 * HashLoginService} over the same file), for the page and its API, which are served ahead of
 * Avatica's own authentication. Either role may look.
 */
public final class UiAuthentication {
  static final String REALM = "Tablewave";

  private final UsersFile users;
  private final HashLoginService logins;

  public UiAuthentication(UsersFile users) {
    this.users = requireNonNull(users, "users is null");
    this.logins = new HashLoginService(REALM, users.path().toString());
    try {
      logins.start();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot read --users-file " + users.path() + " for the live page: " + e.getMessage(), e);
    }
  }

  /**
   * The user the request's BASIC credentials name, when the password matches and the user has a
   * role.
   */
  public Optional<String> user(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String user = decoded.substring(0, colon);
    UserIdentity identity = logins.login(user, decoded.substring(colon + 1), request);
    if (identity == null || users.role(user).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(user);
  }

  void close() {
    try {
      logins.stop();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot stop the live page's login service: " + e.getMessage(), e);
    }
  }
}
