package io.tablewave.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;

/**
 * The keystore of --tls-keystore: its type by file name, and a check that it opens with its
 * password.
 */
final class TlsKeystore {
  private TlsKeystore() {}

  /** PKCS12 for {@code .p12} and {@code .pfx} files, JKS otherwise. */
  static String type(String keystore) {
    String lower = keystore.toLowerCase(Locale.ROOT);
    return lower.endsWith(".p12") || lower.endsWith(".pfx") ? "PKCS12" : "JKS";
  }

  /**
   * Opens the keystore the configuration names, if any, so that a missing file or a wrong password
   * stops the start with a message rather than a failure deep inside the HTTP server.
   *
   * @throws StartupFailure {@link StartupFailure.Reason#KEYSTORE}
   */
  static void check(ServerConfig config) {
    String keystore = config.get(ServerOption.TLS_KEYSTORE);
    if (keystore == null) {
      return;
    }
    String password = config.get(ServerOption.TLS_KEYSTORE_PASSWORD);
    if (password == null) {
      throw new StartupFailure(
          StartupFailure.Reason.KEYSTORE, "--tls-keystore needs --tls-keystore-password");
    }
    Path file = Path.of(keystore);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new StartupFailure(
          StartupFailure.Reason.KEYSTORE, "--tls-keystore " + keystore + " is not a readable file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore.getInstance(type(keystore)).load(in, password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new StartupFailure(
          StartupFailure.Reason.KEYSTORE,
          "cannot open --tls-keystore "
              + keystore
              + " as "
              + type(keystore)
              + ": "
              + e.getMessage()
              + "; check the file and --tls-keystore-password",
          e);
    }
  }
}
