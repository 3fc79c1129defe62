package io.tablewave.query;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.tools.ValidationException;

/**
 * A query's text parsed, validated and converted to its logical plan over a schema, with the
 * settings of {@link ValidatorSettings}, and nothing optimized or compiled: what a query run in the
 * store needs, its statement there (written from the plan) and the columns a client is told (the
 * plan's validated row type, and the table column each comes from, as Calcite's own preparation
 * tells them). A stop through the given {@link QueryCancel} ends it between its steps.
 */
final class QueryTranslation {
  /**
   * A query, validated and converted.
   *
   * @param fieldOrigins for each column, the qualified name of the table column it is ({@code
   *     [schema, table, column]}), or null when it is computed
   */
  record Translated(RelRoot root, List<List<String>> fieldOrigins) {}

  /**
   * @param defaultSchema the schema unqualified names resolve in; its root holds every schema a
   *     query may name
   * @throws SqlParseException when the text is not a query
   * @throws ValidationException when a name does not resolve or a type does not fit
   */
  Translated translate(String querySql, SchemaPlus defaultSchema, QueryCancel cancel)
      throws SqlParseException, ValidationException {
    JavaTypeFactoryImpl typeFactory = new JavaTypeFactoryImpl(TablewaveTypeSystem.INSTANCE);
    SqlNode parsed = SqlParser.create(querySql, ValidatorSettings.parserConfig()).parseQuery();
    cancel.checkpoint();
    CalciteSchema schema = CalciteSchema.from(defaultSchema);
    CalciteCatalogReader catalogReader =
        new CalciteCatalogReader(
            schema.root(), schema.path(null), typeFactory, ValidatorSettings.connectionConfig());
    SqlValidator validator =
        SqlValidatorUtil.newValidator(
            SqlOperatorTables.chain(ValidatorSettings.operatorTable(), catalogReader),
            catalogReader,
            typeFactory,
            ValidatorSettings.validatorConfig());
    SqlNode validated;
    try {
      validated = validator.validate(parsed);
    } catch (RuntimeException e) {
      throw new ValidationException(e);
    }
    cancel.checkpoint();
    List<List<String>> origins = new ArrayList<>(validator.getFieldOrigins(validated));
    VolcanoPlanner planner = new VolcanoPlanner();
    planner.addRelTraitDef(ConventionTraitDef.INSTANCE);
    RelOptCluster cluster = RelOptCluster.create(planner, new RexBuilder(typeFactory));
    SqlToRelConverter.Config config = SqlToRelConverter.config().withTrimUnusedFields(false);
    SqlToRelConverter converter =
        new SqlToRelConverter(
            (type, sql, schemaPath, viewPath) -> {
              throw new UnsupportedOperationException("Tablewave's schemas hold no views");
            },
            validator,
            catalogReader,
            cluster,
            StandardConvertletTable.INSTANCE,
            config);
    RelRoot root = converter.convertQuery(validated, false, true);
    root = root.withRel(converter.flattenTypes(root.rel, true));
    RelBuilder relBuilder = config.getRelBuilderFactory().create(cluster, null);
    root = root.withRel(RelDecorrelator.decorrelateQuery(root.rel, relBuilder));
    cancel.checkpoint();
    return new Translated(root, origins);
  }
}
