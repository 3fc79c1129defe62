package io.tablewave.plan;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.error.Messages;
import io.tablewave.query.RowTypes;
import io.tablewave.query.ValidatorSettings;
import io.tablewave.sql.TableReferenceRewriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlMoniker;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * Validates the queries of the CTAS statements of one batch, one at a time, with Calcite's
 * validator set up as the load sets it up ({@link ValidatorSettings}), against the row types of the
 * tables and topics each reads, and derives the columns of the table each creates. A failure is
 * described for people: what is wrong with which name, where in the submitted text, and the name
 * probably meant when one is close. The query given is never changed (a copy is validated). Not
 * thread-safe.
 */
final class QueryValidator {
  private static final String PUBLIC = "PUBLIC";
  private static final String KAFKA = "KAFKA";
  private static final Pattern COLUMN_NOT_FOUND =
      Pattern.compile("Column '(.+)' not found in any table");
  private static final Pattern COLUMN_NOT_IN_TABLE =
      Pattern.compile("Column '(.+)' not found in table '(.+)'");
  private static final Pattern AMBIGUOUS = Pattern.compile("Column '(.+)' is ambiguous");
  private static final Pattern TABLE_NOT_FOUND = Pattern.compile("Table '(.+)' not found");
  private static final Pattern NO_FUNCTION =
      Pattern.compile("No match found for function signature ([^(]+)\\(.*", Pattern.DOTALL);
  private static final Pattern POSITION =
      Pattern.compile(
          "^(From line \\d+, column \\d+ to line \\d+, column \\d+|At line \\d+, column \\d+): ");
  private static final SqlNameMatcher NAME_MATCHER = SqlNameMatchers.withCaseSensitive(false);

  private final RelDataTypeFactory typeFactory;
  private final InputSchema tables = new InputSchema();
  private final InputSchema topics = new InputSchema();
  private final CalciteCatalogReader reader;
  private final SqlValidator.Config config = ValidatorSettings.validatorConfig();
  private final TableReferenceRewriter copier = new TableReferenceRewriter();
  private List<String> functionNames;

  /**
   * @param typeFactory the factory of every row type given to {@link #validate}
   * @param systemSchemas schemas besides PUBLIC and KAFKA a query may read, by name
   */
  QueryValidator(RelDataTypeFactory typeFactory, Map<String, Schema> systemSchemas) {
    this.typeFactory = requireNonNull(typeFactory, "typeFactory is null");
    CalciteSchema root = CalciteSchema.createRootSchema(false, false);
    systemSchemas.forEach(
        (name, schema) -> {
          if (!name.equalsIgnoreCase(KAFKA) && !name.equalsIgnoreCase(PUBLIC)) {
            root.add(name, schema);
          }
        });
    root.add(PUBLIC, tables);
    root.add(KAFKA, topics);
    this.reader =
        new CalciteCatalogReader(
            root, List.of(PUBLIC), typeFactory, ValidatorSettings.connectionConfig());
  }

  /** What validating a query found. */
  sealed interface Outcome permits Valid, Invalid {}

  /** The query validates; the table it creates has these columns. */
  record Valid(List<Column> columns) implements Outcome {
    Valid {
      columns = List.copyOf(columns);
    }
  }

  /**
   * The query does not validate.
   *
   * @param reason what is wrong, naming the name at fault, with a hint where one helps
   * @param line 1-based line in the submitted text, 0 when unknown
   * @param column 1-based column in the submitted text, 0 when unknown
   */
  record Invalid(String reason, int line, int column) implements Outcome {
    Invalid {
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * @param query the query as parsed, its positions those of the submitted text
   * @param tables the row type of every PUBLIC table the query reads, by name
   * @param topics the row type of every Kafka topic the query reads, by topic name
   */
  Outcome validate(
      SqlNode query, Map<String, RelDataType> tables, Map<String, RelDataType> topics) {
    SqlNode copy = copier.copy(query);
    this.tables.use(tables);
    this.topics.use(topics);
    // No schema defines functions, so the catalog reader adds no operators (looking them up in it
    // would cost
    // more than the rest of the validation).
    ResultNames validator =
        new ResultNames(ValidatorSettings.operatorTable(), reader, typeFactory, config);
    SqlNode validated;
    try {
      validated = validator.validate(copy);
    } catch (CalciteContextException e) {
      String reason = reason(e);
      return new Invalid(
          reason + hint(reason, validator, copy, e.getPosLine(), e.getPosColumn(), tables, topics),
          e.getPosLine(),
          e.getPosColumn());
    } catch (CalciteException e) {
      return new Invalid(reason(e), 0, 0);
    } catch (RuntimeException e) {
      // The load validates with the same validator and would fail the same way.
      return new Invalid("the query cannot be validated: " + Messages.describe(e), 0, 0);
    }
    Optional<Invalid> badName = checkNames(validator.names(validated));
    if (badName.isPresent()) {
      return badName.get();
    }
    return new Valid(RowTypes.columns(validator.getValidatedNodeType(validated)));
  }

  /** A table's columns need names, distinct ignoring case (as the stores compare them). */
  private static Optional<Invalid> checkNames(List<ResultNames.Name> names) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      ResultNames.Name name = names.get(i);
      SqlParserPos at = name.position();
      if (name.name().isBlank()) {
        return Optional.of(
            new Invalid(
                "column " + (i + 1) + " of the result has an empty name; give it a name with AS",
                at.getLineNum(),
                at.getColumnNum()));
      }
      Integer first = seen.putIfAbsent(name.name().toUpperCase(Locale.ROOT), i);
      if (first != null) {
        return Optional.of(
            new Invalid(
                "columns "
                    + (first + 1)
                    + " and "
                    + (i + 1)
                    + " of the result are both named \""
                    + name.name()
                    + "\", and a table cannot have two columns of one name; rename one with AS"
                    + " (a * lists every column of every table it covers: list the columns instead)",
                at.getLineNum(),
                at.getColumnNum()));
      }
    }
    return Optional.empty();
  }

  /** The validator's own words, without a position in front (the caller gives the position). */
  private static String reason(CalciteException e) {
    Throwable cause = e.getCause();
    String message =
        cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
    return POSITION
        .matcher(message == null ? e.getClass().getSimpleName() : message)
        .replaceFirst("");
  }

  /** {@code ; did you mean "X"?} and the like, or nothing. */
  private String hint(
      String reason,
      ResultNames validator,
      SqlNode copy,
      int line,
      int column,
      Map<String, RelDataType> tables,
      Map<String, RelDataType> topics) {
    try {
      Optional<SqlValidatorScope> scope = scopeAt(validator, copy, line, column);
      Matcher m;
      if ((m = COLUMN_NOT_FOUND.matcher(reason)).matches()) {
        List<String> known =
            scope
                .map(QueryValidator::columnsInScope)
                .orElseGet(() -> columnsOf(tables.values(), topics.values()));
        return didYouMean(m.group(1), known);
      }
      if ((m = COLUMN_NOT_IN_TABLE.matcher(reason)).matches()) {
        String table = m.group(2);
        List<String> known = scope.map(s -> columnsOfTable(s, table)).orElse(List.of());
        return didYouMean(m.group(1), known);
      }
      if ((m = AMBIGUOUS.matcher(reason)).matches()) {
        String wanted = m.group(1);
        List<String> owners = scope.map(s -> tablesWithColumn(s, wanted, copy)).orElse(List.of());
        return owners.size() < 2
            ? "; qualify it with the name or alias of its table"
            : "; qualify it with the name or alias of its table: " + String.join(" or ", owners);
      }
      if ((m = TABLE_NOT_FOUND.matcher(reason)).matches()) {
        List<String> aliases = scope.map(QueryValidator::tablesInScope).orElse(List.of());
        return didYouMean(m.group(1), aliases);
      }
      if ((m = NO_FUNCTION.matcher(reason)).matches()) {
        return didYouMean(m.group(1).strip(), functionNames());
      }
    } catch (CalciteException e) {
      // The hint would need the scope validated further than the error let it get: the error stands
      // alone.
      return "";
    }
    return "";
  }

  private static String didYouMean(String typed, List<String> known) {
    return NearestName.of(typed, known).map(name -> "; did you mean \"" + name + "\"?").orElse("");
  }

  /** The scope of the innermost SELECT around a position, once the validator has registered it. */
  private static Optional<SqlValidatorScope> scopeAt(
      ResultNames validator, SqlNode query, int line, int column) {
    if (line <= 0) {
      return Optional.empty();
    }
    SqlSelect[] innermost = new SqlSelect[1];
    query.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (call instanceof SqlSelect select
                && contains(select.getParserPosition(), line, column)) {
              innermost[0] = select;
            }
            return super.visit(call);
          }
        });
    return innermost[0] == null
        ? Optional.empty()
        : Optional.ofNullable(validator.getRawSelectScope(innermost[0]));
  }

  private static boolean contains(SqlParserPos pos, int line, int column) {
    boolean afterStart =
        line > pos.getLineNum() || line == pos.getLineNum() && column >= pos.getColumnNum();
    boolean beforeEnd =
        line < pos.getEndLineNum()
            || line == pos.getEndLineNum() && column <= pos.getEndColumnNum();
    return afterStart && beforeEnd;
  }

  /** The columns a scope sees, its outer queries' included (a subquery may read them). */
  private static List<String> columnsInScope(SqlValidatorScope scope) {
    List<SqlMoniker> columns = new ArrayList<>();
    scope.findAllColumnNames(columns);
    return lastNames(columns);
  }

  /** The names and aliases of the tables a scope sees. */
  private static List<String> tablesInScope(SqlValidatorScope scope) {
    List<SqlMoniker> tables = new ArrayList<>();
    scope.findAliases(tables);
    return lastNames(tables);
  }

  private static List<String> lastNames(List<SqlMoniker> monikers) {
    Set<String> names = new LinkedHashSet<>();
    for (SqlMoniker moniker : monikers) {
      List<String> qualified = moniker.getFullyQualifiedNames();
      if (!qualified.isEmpty()) {
        names.add(qualified.get(qualified.size() - 1));
      }
    }
    return List.copyOf(names);
  }

  /** The columns of the table a scope knows by this name or alias. */
  private static List<String> columnsOfTable(SqlValidatorScope scope, String table) {
    SqlValidatorScope.ResolvedImpl resolved = new SqlValidatorScope.ResolvedImpl();
    scope.resolve(List.of(table), NAME_MATCHER, true, resolved);
    return resolved.count() == 1 ? resolved.only().rowType().getFieldNames() : List.of();
  }

  /** The names or aliases of the tables of a scope that have a column of this name. */
  private static List<String> tablesWithColumn(
      SqlValidatorScope scope, String column, SqlNode context) {
    return scope.findQualifyingTableNames(column, context, NAME_MATCHER).keySet().stream()
        .sorted()
        .toList();
  }

  private static List<String> columnsOf(
      Collection<RelDataType> tables, Collection<RelDataType> topics) {
    Set<String> names = new LinkedHashSet<>();
    tables.forEach(t -> names.addAll(t.getFieldNames()));
    topics.forEach(t -> names.addAll(t.getFieldNames()));
    return List.copyOf(names);
  }

  private List<String> functionNames() {
    if (functionNames == null) {
      Set<String> names = new LinkedHashSet<>();
      for (SqlOperator operator : ValidatorSettings.operatorTable().getOperatorList()) {
        if (operator instanceof SqlFunction) {
          names.add(operator.getName());
        }
      }
      functionNames = List.copyOf(names);
    }
    return functionNames;
  }
}
