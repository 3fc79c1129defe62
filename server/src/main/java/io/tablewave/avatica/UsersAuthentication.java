package io.tablewave.avatica;

import static java.util.Objects.requireNonNull;

import io.tablewave.security.RequestUser;
import io.tablewave.security.UsersFile;
import java.util.concurrent.Callable;
import org.apache.calcite.avatica.remote.AuthenticationType;
import org.apache.calcite.avatica.server.AvaticaServerConfiguration;
import org.apache.calcite.avatica.server.HttpRequestRemoteUserExtractor;
import org.apache.calcite.avatica.server.RemoteUserExtractor;

/**
 * HTTP BASIC authentication against the users file, with every request run as its user so that the
 * server knows who sends each statement. (Avatica's own BASIC setup drops the user after the
 * password check.)
 */
public final class UsersAuthentication implements AvaticaServerConfiguration {
  private final UsersFile users;
  private final RequestUser requestUser;
  private final RemoteUserExtractor extractor = new HttpRequestRemoteUserExtractor();

  public UsersAuthentication(UsersFile users, RequestUser requestUser) {
    this.users = requireNonNull(users, "users is null");
    this.requestUser = requireNonNull(requestUser, "requestUser is null");
  }

  @Override
  public AuthenticationType getAuthenticationType() {
    return AuthenticationType.BASIC;
  }

  @Override
  public String[] getAllowedRoles() {
    return UsersFile.roleLabels();
  }

  @Override
  public String getHashLoginServiceRealm() {
    return "Tablewave";
  }

  @Override
  public String getHashLoginServiceProperties() {
    return users.path().toString();
  }

  @Override
  public boolean supportsImpersonation() {
    return true;
  }

  @Override
  public <T> T doAsRemoteUser(String remoteUserName, String remoteAddress, Callable<T> action)
      throws Exception {
    return requestUser.callAs(remoteUserName, action);
  }

  @Override
  public RemoteUserExtractor getRemoteUserExtractor() {
    return extractor;
  }

  @Override
  public String getKerberosRealm() {
    return null;
  }

  @Override
  public String getKerberosServiceName() {
    return null;
  }

  @Override
  public String getKerberosHostName() {
    return null;
  }

  @Override
  public String getKerberosPrincipal() {
    return null;
  }
}
