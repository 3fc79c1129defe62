package io.tablewave.query;

import java.util.Properties;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * How Calcite reads and validates the query of a CTAS, in one place: planning validates every query
 * of a batch with these settings and the load plans it for the store with the same ones, so that a
 * query the planner accepts is a query the load can run. Names match case-insensitively, unquoted
 * names are upper-cased, and the conformance is the lenient one the script parser uses.
 */
public final class ValidatorSettings {
  private static final SqlConformanceEnum CONFORMANCE = SqlConformanceEnum.LENIENT;

  private ValidatorSettings() {}

  /** Parser settings for a query given as text. */
  public static SqlParser.Config parserConfig() {
    return SqlParser.config()
        .withCaseSensitive(false)
        .withUnquotedCasing(Casing.TO_UPPER)
        .withQuotedCasing(Casing.UNCHANGED)
        .withConformance(CONFORMANCE);
  }

  /**
   * Validator settings: identifiers expanded (as Calcite's planner does), and implicit casts except
   * of text to numbers in aggregates ({@link StrictTypeCoercion}).
   */
  public static SqlValidator.Config validatorConfig() {
    return SqlValidator.Config.DEFAULT
        .withConformance(CONFORMANCE)
        .withIdentifierExpansion(true)
        .withTypeCoercionFactory(StrictTypeCoercion::new);
  }

  /** Connection settings the catalog reader takes its name matching from. */
  public static CalciteConnectionConfig connectionConfig() {
    Properties properties = new Properties();
    properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    properties.setProperty(
        CalciteConnectionProperty.UNQUOTED_CASING.camelName(), Casing.TO_UPPER.name());
    properties.setProperty(
        CalciteConnectionProperty.QUOTED_CASING.camelName(), Casing.UNCHANGED.name());
    properties.setProperty(CalciteConnectionProperty.CONFORMANCE.camelName(), CONFORMANCE.name());
    return new CalciteConnectionConfigImpl(properties);
  }

  /** The functions and operators a query may use: Calcite's standard ones. */
  public static SqlOperatorTable operatorTable() {
    return SqlStdOperatorTable.instance();
  }
}
