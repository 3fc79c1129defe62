package io.tablewave.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class UncachedSchemaTest {
  /** A schema of one table, ORDERS, that counts how it is asked. */
  private static final class CountingSchema extends AbstractSchema {
    final AtomicInteger listings = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final Table orders =
        new AbstractTable() {
          @Override
          public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return typeFactory.builder().add("ID", SqlTypeName.INTEGER).build();
          }
        };

    @Override
    public Lookup<Table> tables() {
      return new Lookup<>() {
        @Override
        public Table get(String name) {
          lookups.incrementAndGet();
          return name.equals("ORDERS") ? orders : null;
        }

        @Override
        public Named<Table> getIgnoreCase(String name) {
          lookups.incrementAndGet();
          return name.equalsIgnoreCase("ORDERS") ? new Named<>("ORDERS", orders) : null;
        }

        @Override
        public Set<String> getNames(LikePattern pattern) {
          listings.incrementAndGet();
          return Set.of("ORDERS");
        }
      };
    }
  }

  @Test
  void aNameLookedUpIgnoringCaseIsAskedOfTheSchemaWithoutListingItsTables() {
    SchemaPlus root = CalciteSchema.createRootSchema(false, true).plus();
    CountingSchema schema = new CountingSchema();
    QueryEngine.addUncached(root, "PUBLIC", schema);
    CalciteSchema added = CalciteSchema.from(root.getSubSchema("PUBLIC"));

    assertThat(added.getTable("orders", false)).isNotNull();
    assertThat(added.getTable("orders", false)).isNotNull();

    assertThat(schema.listings).hasValue(0);
    assertThat(schema.lookups).hasValue(2);
  }
}
