package io.tablewave.refresh;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Finds a function in a query whose result changes from one run to the next (CURRENT_TIMESTAMP,
 * RAND, ...): such a query is never up to date, since running it again gives other rows.
 */
final class NonDeterminism {
  /** Functions the parser leaves unresolved, so their operator cannot say it itself. */
  private static final Set<String> NAMES =
      Set.of(
          "RAND",
          "RANDOM",
          "RAND_INTEGER",
          "UUID",
          "NOW",
          "CURRENT_TIMESTAMP",
          "LOCALTIMESTAMP",
          "CURRENT_DATE",
          "CURRENT_TIME",
          "LOCALTIME",
          "SYSDATE",
          "SYSTIMESTAMP",
          "GEN_RANDOM_UUID");

  private NonDeterminism() {}

  /** The first non-deterministic function of {@code query}, by name, if any. */
  static Optional<String> find(SqlNode query) {
    String[] found = new String[1];
    query.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            SqlOperator operator = call.getOperator();
            String name = operator.getName().toUpperCase(Locale.ROOT);
            if (found[0] == null
                && (!operator.isDeterministic()
                    || operator.isDynamicFunction()
                    || NAMES.contains(name))) {
              found[0] = name;
            }
            return super.visit(call);
          }

          @Override
          public Void visit(SqlIdentifier identifier) {
            // CURRENT_TIMESTAMP and its kind are identifiers until the validator makes them calls.
            if (found[0] == null
                && identifier.isSimple()
                && NAMES.contains(identifier.getSimple().toUpperCase(Locale.ROOT))) {
              found[0] = identifier.getSimple().toUpperCase(Locale.ROOT);
            }
            return null;
          }
        });
    return Optional.ofNullable(found[0]);
  }
}
