package io.tablewave.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/**
 * Calcite's validator, remembering the names the columns of each SELECT would have had before
 * {@code *} expansion made them unique ({@code SELECT * FROM a, b} names the second {@code ID}
 * {@code ID0}): a table created from the query would otherwise get a column its query never named,
 * or two columns of one name.
 */
final class ResultNames extends SqlValidatorImpl {
  private final Map<SqlSelect, Map<Integer, String>> starNames = new IdentityHashMap<>();

  ResultNames(
      SqlOperatorTable operators,
      SqlValidatorCatalogReader catalogReader,
      RelDataTypeFactory typeFactory,
      Config config) {
    super(operators, catalogReader, typeFactory, config);
  }

  /** A column of the result: its name as the query gives it and where the query gives it. */
  record Name(String name, SqlParserPos position) {}

  @Override
  protected void addToSelectList(
      List<SqlNode> list,
      Set<String> aliases,
      List<Map.Entry<String, RelDataType>> fieldList,
      SqlNode exp,
      SelectScope scope,
      boolean includeSystemVars) {
    String name = SqlValidatorUtil.alias(exp);
    if (name != null) {
      starNames.computeIfAbsent(scope.getNode(), s -> new HashMap<>()).put(fieldList.size(), name);
    }
    super.addToSelectList(list, aliases, fieldList, exp, scope, includeSystemVars);
  }

  /**
   * The columns of the validated query {@code node} as its query names them, in order, before any
   * renaming to make them unique.
   */
  List<Name> names(SqlNode node) {
    if (node instanceof SqlSelect select) {
      RelDataType rowType = getValidatedNodeType(select);
      Map<Integer, String> expanded = starNames.getOrDefault(select, Map.of());
      List<SqlNode> items =
          select.getSelectList() == null ? List.of() : select.getSelectList().getList();
      List<Name> names = new ArrayList<>();
      for (int i = 0; i < rowType.getFieldCount(); i++) {
        SqlParserPos position =
            i < items.size() && items.get(i) != null
                ? items.get(i).getParserPosition()
                : select.getParserPosition();
        names.add(
            new Name(expanded.getOrDefault(i, rowType.getFieldList().get(i).getName()), position));
      }
      return names;
    }
    if (node instanceof SqlWith with) {
      return names(with.body);
    }
    if (node instanceof SqlOrderBy orderBy) {
      return names(orderBy.query);
    }
    if (node.getKind().belongsTo(SqlKind.SET_QUERY) && node instanceof SqlCall call) {
      return names(call.operand(0));
    }
    List<Name> names = new ArrayList<>();
    for (String name : getValidatedNodeType(node).getFieldNames()) {
      names.add(new Name(name, node.getParserPosition()));
    }
    return names;
  }
}
