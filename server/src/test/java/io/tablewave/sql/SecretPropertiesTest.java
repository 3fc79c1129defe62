package io.tablewave.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.Test;

class SecretPropertiesTest {

  @Test
  void keysNamingPasswordsSecretsTokensAndJaasAreSecret() {
    assertThat(SecretProperties.isSecret("kafka.ssl.truststore.password")).isTrue();
    assertThat(SecretProperties.isSecret("kafka.sasl.jaas.config")).isTrue();
    assertThat(SecretProperties.isSecret("API_TOKEN")).isTrue();
    assertThat(SecretProperties.isSecret("client_secret")).isTrue();
    assertThat(SecretProperties.isSecret("kafka.bootstrap.servers")).isFalse();
    assertThat(SecretProperties.isSecret("owner")).isFalse();
  }

  @Test
  void maskedPropertiesKeepTheirOrderAndHideOnlySecrets() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("owner", "finance");
    properties.put("kafka.sasl.jaas.config", "x password=\"p\";");
    assertThat(SecretProperties.masked(properties))
        .containsExactly(
            Map.entry("owner", "finance"), Map.entry("kafka.sasl.jaas.config", "******"));
  }

  @Test
  void maskedTextHidesTheSecretLiteralsEvenWithQuotesInside() throws Exception {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("kafka.ssl.key.password", "it's-secret");
    properties.put("owner", "it's-secret-too");
    String sql =
        "CREATE TABLE t WITH ('kafka.ssl.key.password' = 'it''s-secret', 'owner' = 'it''s-secret-too')"
            + " AS SELECT 1";
    CreateTableAs statement =
        new CreateTableAs(
            new TableName("T"),
            false,
            false,
            properties,
            SqlParser.create("SELECT 1").parseQuery(),
            sql,
            1,
            1);

    assertThat(SecretProperties.maskedText(statement))
        .isEqualTo(
            "CREATE TABLE t WITH ('kafka.ssl.key.password' = '******', 'owner' = 'it''s-secret-too') AS SELECT 1");
  }
}
