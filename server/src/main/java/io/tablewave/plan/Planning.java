package io.tablewave.plan;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.error.ErrorCode;
import io.tablewave.sql.TableName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/** One run of {@link BatchPlanner}: holds the working state of planning one batch. */
final class Planning {
  /** The order in which rules win; also the order of the texts in a PROBLEM column. */
  private static final List<ErrorCode> RULES =
      List.of(
          ErrorCode.DUPLICATE_TABLE_IN_BATCH,
          ErrorCode.TABLE_ALREADY_EXISTS,
          ErrorCode.TABLE_BUSY,
          ErrorCode.CIRCULAR_DEPENDENCY,
          ErrorCode.MISSING_TABLE,
          ErrorCode.MISSING_TOPIC,
          ErrorCode.INVALID_QUERY,
          ErrorCode.CAPACITY_EXCEEDED);

  private final List<PlanInput> inputs;
  private final Catalog catalog;
  private final int size;
  private final Map<TableName, Optional<ExistingTable>> registered = new HashMap<>();
  private final Map<Map.Entry<String, Map<String, String>>, Optional<String>> topicProblems =
      new HashMap<>();
  private final Map<TableName, Integer> firstPosition = new HashMap<>();
  private final Action[] actions;
  private final boolean[] duplicate;
  private final boolean[] unreadableTopic;
  private final int[][] batchDeps;
  private final List<List<Integer>> dependents;
  private final List<Resolved> resolved;
  private final Map<ErrorCode, List<PlanProblem>> problems = new EnumMap<>(ErrorCode.class);
  private final List<Map<ErrorCode, List<String>>> notes;

  Planning(List<PlanInput> inputs, Catalog catalog) {
    this.inputs = List.copyOf(inputs);
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.size = inputs.size();
    this.actions = new Action[size];
    this.duplicate = new boolean[size];
    this.unreadableTopic = new boolean[size];
    this.batchDeps = new int[size][];
    this.dependents = new ArrayList<>(size);
    this.resolved = new ArrayList<>(size);
    this.notes = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      dependents.add(new ArrayList<>(2));
      notes.add(new EnumMap<>(ErrorCode.class));
    }
  }

  BatchPlan run() {
    decideActions();
    findDuplicates();
    checkExisting();
    for (int i = 0; i < size; i++) {
      resolved.add(resolve(i));
    }
    Levels levels = Levels.of(batchDeps, dependents, actions, rowsReadFromOutside());
    if (levels.hasUnscheduled()) {
      new Cycles(this, levels).report();
    }
    reportMissingTables();
    checkTopics();
    BatchValidation validation = new BatchValidation(this, catalog);
    validation.run(dependencyOrder(levels));
    checkCapacity();
    return build(levels, validation);
  }

  /** The tables that can be scheduled, each after the tables of the batch it reads (by wave). */
  private int[] dependencyOrder(Levels levels) {
    int[] perWave = new int[size + 2];
    int count = 0;
    for (int i = 0; i < size; i++) {
      if (!levels.stuck(i, actions[i]) && actions[i] != Action.KEEP_EXISTING) {
        perWave[levels.wave(i) + 1]++;
        count++;
      }
    }
    for (int w = 1; w < perWave.length; w++) {
      perWave[w] += perWave[w - 1];
    }
    int[] order = new int[count];
    for (int i = 0; i < size; i++) {
      if (!levels.stuck(i, actions[i]) && actions[i] != Action.KEEP_EXISTING) {
        order[perWave[levels.wave(i)]++] = i;
      }
    }
    return order;
  }

  private void decideActions() {
    for (int i = 0; i < size; i++) {
      PlanInput input = inputs.get(i);
      Optional<ExistingTable> existing = registered(input.name());
      if (existing.isEmpty()) {
        actions[i] = Action.CREATE;
      } else if (input.statement().ifNotExists()) {
        actions[i] = Action.KEEP_EXISTING;
      } else if (input.statement().orReplace()) {
        actions[i] = Action.REPLACE;
      } else {
        actions[i] = Action.CREATE;
      }
    }
  }

  private void findDuplicates() {
    for (int i = 0; i < size; i++) {
      Integer first = firstPosition.putIfAbsent(inputs.get(i).name(), i);
      if (first != null) {
        duplicate[i] = true;
        PlanInput a = inputs.get(first);
        PlanInput b = inputs.get(i);
        String message =
            "table "
                + a.name()
                + " is created twice in this batch: "
                + where(a)
                + " and "
                + where(b)
                + "; remove or rename one of them";
        problem(ErrorCode.DUPLICATE_TABLE_IN_BATCH, i, message);
      }
    }
  }

  private void checkExisting() {
    for (int i = 0; i < size; i++) {
      PlanInput input = inputs.get(i);
      Optional<ExistingTable> existing = registered(input.name());
      if (existing.isEmpty()) {
        continue;
      }
      TableName name = existing.get().name();
      if (actions[i] == Action.CREATE) {
        String state = existing.get().loading() ? " (another batch is creating it now)" : "";
        problem(
            ErrorCode.TABLE_ALREADY_EXISTS,
            i,
            "table "
                + name
                + " already exists"
                + state
                + ": "
                + where(input)
                + " creates it again; use CREATE OR REPLACE TABLE "
                + name
                + " to load it again or CREATE TABLE IF NOT EXISTS "
                + name
                + " to keep it");
      } else if (actions[i] == Action.REPLACE && existing.get().loading()) {
        problem(
            ErrorCode.TABLE_BUSY,
            i,
            "table "
                + name
                + " cannot be replaced now: its first load is still running in another batch; wait for that batch"
                + " to finish, then submit "
                + where(input)
                + " again");
      }
    }
  }

  /** The dependencies of one statement, sorted out; also records the batch edges. */
  private Resolved resolve(int i) {
    PlanInput input = inputs.get(i);
    TreeSet<TableName> declared = new TreeSet<>(input.sqlDependencies());
    declared.addAll(input.explicitDependencies());
    Resolved r = new Resolved();
    List<Integer> edges = new ArrayList<>();
    boolean loaded = actions[i] != Action.KEEP_EXISTING;
    for (TableName dependency : declared) {
      Origin origin = input.sqlDependencies().contains(dependency) ? Origin.SQL : Origin.EXPLICIT;
      Integer owner = firstPosition.get(dependency);
      Optional<ExistingTable> existing = registered(dependency);
      // A later duplicate reading its own name reads the first definition, like any other reader.
      boolean self = owner != null && owner == i;
      TableName spelled;
      if (self && existing.isPresent()) {
        spelled = external(r, existing.get());
      } else if (self) {
        spelled = input.name();
        r.batch.add(spelled);
        edges.add(i);
      } else if (owner != null && actions[owner] != Action.KEEP_EXISTING) {
        spelled = inputs.get(owner).name();
        r.batch.add(spelled);
        edges.add(owner);
      } else if (existing.isPresent()) {
        spelled = external(r, existing.get());
      } else {
        spelled = dependency;
        r.missing.put(dependency, origin);
      }
      r.dependsOn.add(spelled);
      r.origins.put(spelled, origin);
    }
    if (!loaded) {
      // Nothing of a kept table runs: list what it declares, schedule nothing.
      r.batch.clear();
      r.external.clear();
      r.awaited.clear();
      r.missing.clear();
      edges.clear();
    }
    batchDeps[i] = edges.stream().mapToInt(Integer::intValue).toArray();
    for (int owner : batchDeps[i]) {
      dependents.get(owner).add(i);
    }
    return r;
  }

  private static TableName external(Resolved r, ExistingTable existing) {
    r.external.add(existing.name());
    if (existing.loading()) {
      r.awaited.add(existing.name());
    }
    return existing.name();
  }

  private void reportMissingTables() {
    for (int i = 0; i < size; i++) {
      TableName name = inputs.get(i).name();
      for (Map.Entry<TableName, Origin> missing : resolved.get(i).missing.entrySet()) {
        String advice =
            missing.getValue() == Origin.EXPLICIT
                ? "; create it in this batch or remove it from depends_on"
                : "; create it in this batch or load it first";
        problem(
            ErrorCode.MISSING_TABLE,
            i,
            "table "
                + name
                + " depends on missing table "
                + missing.getKey()
                + ": it is neither created in this batch nor loaded"
                + advice);
      }
    }
  }

  private void checkTopics() {
    for (int i = 0; i < size; i++) {
      if (actions[i] == Action.KEEP_EXISTING) {
        continue;
      }
      PlanInput input = inputs.get(i);
      Map<String, String> properties = input.statement().properties();
      for (String topic : new TreeSet<>(input.topics())) {
        Optional<String> trouble =
            topicProblems.computeIfAbsent(
                Map.entry(topic, properties),
                key ->
                    requireNonNull(
                        catalog.topicProblem(topic, properties), "topicProblem returned null"));
        if (trouble.isPresent()) {
          unreadableTopic[i] = true;
          problem(
              ErrorCode.MISSING_TOPIC,
              i,
              "table "
                  + input.name()
                  + " cannot read Kafka topic '"
                  + topic
                  + "': "
                  + trouble.get());
        }
      }
    }
  }

  private void checkCapacity() {
    int capacity = catalog.capacity();
    int existing = catalog.tableCount();
    List<Integer> creates = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (actions[i] == Action.CREATE
          && !duplicate[i]
          && registered(inputs.get(i).name()).isEmpty()) {
        creates.add(i);
      }
    }
    if (creates.isEmpty() || (long) existing + creates.size() <= capacity) {
      return;
    }
    String message =
        "registry capacity of "
            + capacity
            + " tables would be exceeded: "
            + existing
            + " exist, this batch creates "
            + creates.size()
            + "; drop tables that are no longer needed or start the server with a larger --max-tables";
    problems
        .computeIfAbsent(ErrorCode.CAPACITY_EXCEEDED, code -> new ArrayList<>())
        .add(new PlanProblem(ErrorCode.CAPACITY_EXCEEDED, message, -1));
    int free = Math.max(0, capacity - existing);
    for (int i : creates.subList(Math.min(free, creates.size()), creates.size())) {
      note(ErrorCode.CAPACITY_EXCEEDED, i, message);
    }
  }

  private BatchPlan build(Levels levels, BatchValidation validation) {
    List<PlannedTable> tables = new ArrayList<>(size);
    Map<Integer, String> tableProblems = new HashMap<>();
    Map<Integer, List<Column>> columns = new HashMap<>();
    Map<Integer, Map<String, List<Column>>> topicColumns = new HashMap<>();
    for (int i = 0; i < size; i++) {
      PlanInput input = inputs.get(i);
      Resolved r = resolved.get(i);
      List<Integer> dependentIndexes = new ArrayList<>(dependents.get(i).size());
      for (int dependent : dependents.get(i)) {
        dependentIndexes.add(inputs.get(dependent).statementIndex());
      }
      Collections.sort(dependentIndexes);
      tables.add(
          new PlannedTable(
              input.statementIndex(),
              input.statement(),
              input.name(),
              actions[i],
              levels.wave(i),
              r.dependsOn,
              r.batch,
              r.external,
              r.awaited,
              r.origins,
              new TreeSet<>(input.topics()),
              levels.remainingPath(i),
              levels.remainingWork(i),
              dependentIndexes));
      int index = input.statementIndex();
      validation.columns(i).ifPresent(derived -> columns.put(index, derived));
      if (!validation.topicColumns(i).isEmpty()) {
        topicColumns.put(index, validation.topicColumns(i));
      }
      List<String> texts = new ArrayList<>();
      for (ErrorCode rule : RULES) {
        texts.addAll(notes.get(i).getOrDefault(rule, List.of()));
      }
      if (!texts.isEmpty()) {
        tableProblems.put(
            input.statementIndex(), texts.size() == 1 ? texts.get(0) : String.join("; ", texts));
      }
    }
    List<PlanProblem> ordered = new ArrayList<>();
    for (ErrorCode rule : RULES) {
      ordered.addAll(problems.getOrDefault(rule, List.of()));
    }
    return new BatchPlan(tables, ordered, tableProblems, columns, topicColumns);
  }

  // Shared with Cycles.

  PlanInput input(int position) {
    return inputs.get(position);
  }

  int[] batchDeps(int position) {
    return batchDeps[position];
  }

  List<Integer> dependents(int position) {
    return dependents.get(position);
  }

  int size() {
    return size;
  }

  Action action(int position) {
    return actions[position];
  }

  /**
   * Whether the query of the statement at a position is to be validated: its table is loaded, can
   * be scheduled, and reads no table missing from the batch and the registry and no topic that
   * cannot be read.
   */
  boolean validatable(int position) {
    return actions[position] != Action.KEEP_EXISTING
        && resolved.get(position).missing.isEmpty()
        && !unreadableTopic[position];
  }

  /** The position of the (first) statement of the batch that creates a table, or null. */
  Integer owner(TableName name) {
    return firstPosition.get(name);
  }

  /** The registered table of a name. */
  Optional<ExistingTable> registeredTable(TableName name) {
    return registered(name);
  }

  /** Records a rejection and shows it on the statement's EXPLAIN row. */
  void problem(ErrorCode code, int position, String message) {
    problems
        .computeIfAbsent(code, c -> new ArrayList<>())
        .add(new PlanProblem(code, message, inputs.get(position).statementIndex()));
    note(code, position, message);
  }

  /** Shows a text on the statement's EXPLAIN row only. */
  void note(ErrorCode code, int position, String message) {
    notes.get(position).computeIfAbsent(code, c -> new ArrayList<>()).add(message);
  }

  private Optional<ExistingTable> registered(TableName name) {
    return registered.computeIfAbsent(
        name, key -> requireNonNull(catalog.table(key), "catalog returned null for table " + key));
  }

  private static String where(PlanInput input) {
    return "statement " + (input.statementIndex() + 1) + " (line " + input.statement().line() + ")";
  }

  /** The dependencies of one statement as resolved. */
  private static final class Resolved {
    final TreeSet<TableName> dependsOn = new TreeSet<>();
    final TreeSet<TableName> batch = new TreeSet<>();
    final TreeSet<TableName> external = new TreeSet<>();
    final TreeSet<TableName> awaited = new TreeSet<>();
    final TreeMap<TableName, Origin> origins = new TreeMap<>();
    final TreeMap<TableName, Origin> missing = new TreeMap<>();
  }

  /**
   * For each statement, the rows it reads from outside the batch: the row counts of the registered
   * tables and the records of the Kafka topics it reads, as far as they are known.
   */
  private long[] rowsReadFromOutside() {
    long[] rows = new long[size];
    Map<Map.Entry<String, Map<String, String>>, OptionalLong> topicRecords = new HashMap<>();
    for (int i = 0; i < size; i++) {
      if (actions[i] == Action.KEEP_EXISTING) {
        continue;
      }
      PlanInput input = inputs.get(i);
      for (TableName name : input.sqlDependencies()) {
        if (firstPosition.containsKey(name)) {
          continue;
        }
        rows[i] = saturatedSum(rows[i], registered(name).map(ExistingTable::rowCount).orElse(0L));
      }
      Map<String, String> properties = input.statement().properties();
      for (String topic : input.topics()) {
        OptionalLong records =
            topicRecords.computeIfAbsent(
                Map.entry(topic, properties), key -> catalog.topicRecords(topic, properties));
        rows[i] = saturatedSum(rows[i], records.orElse(0));
      }
    }
    return rows;
  }

  private static long saturatedSum(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE / 4 : Math.min(sum, Long.MAX_VALUE / 4);
  }

  /** Waves, remaining paths and remaining work by Kahn's algorithm over the batch edges. */
  static final class Levels {
    private final int[] wave;
    private final int[] remainingPath;
    private final long[] remainingWork;
    private final boolean[] scheduled;
    private final boolean hasUnscheduled;

    private Levels(
        int[] wave,
        int[] remainingPath,
        long[] remainingWork,
        boolean[] scheduled,
        boolean hasUnscheduled) {
      this.wave = wave;
      this.remainingPath = remainingPath;
      this.remainingWork = remainingWork;
      this.scheduled = scheduled;
      this.hasUnscheduled = hasUnscheduled;
    }

    /**
     * @param outsideRows for each statement, the rows it reads from outside the batch
     */
    static Levels of(
        int[][] batchDeps, List<List<Integer>> dependents, Action[] actions, long[] outsideRows) {
      int size = actions.length;
      int[] waiting = new int[size];
      int[] wave = new int[size];
      int[] remainingPath = new int[size];
      boolean[] scheduled = new boolean[size];
      Deque<Integer> ready = new ArrayDeque<>();
      int loaded = 0;
      for (int i = 0; i < size; i++) {
        if (actions[i] == Action.KEEP_EXISTING) {
          continue;
        }
        loaded++;
        waiting[i] = batchDeps[i].length;
        if (waiting[i] == 0) {
          wave[i] = 1;
          ready.add(i);
        }
      }
      int[] order = new int[loaded];
      int count = 0;
      while (!ready.isEmpty()) {
        int table = ready.poll();
        scheduled[table] = true;
        order[count++] = table;
        for (int dependent : dependents.get(table)) {
          wave[dependent] = Math.max(wave[dependent], wave[table] + 1);
          if (--waiting[dependent] == 0) {
            ready.add(dependent);
          }
        }
      }
      for (int i = 0; i < size; i++) {
        if (!scheduled[i]) {
          wave[i] = 0;
        }
      }
      // A table reads what it reads from outside plus, as an estimate, everything its batch inputs
      // read.
      long[] rowsRead = new long[size];
      for (int k = 0; k < count; k++) {
        int table = order[k];
        long rows = outsideRows[table];
        for (int dependency : batchDeps[table]) {
          rows = saturatedSum(rows, rowsRead[dependency]);
        }
        rowsRead[table] = rows;
      }
      long[] remainingWork = new long[size];
      for (int k = count - 1; k >= 0; k--) {
        int table = order[k];
        int longest = 0;
        long heaviest = 0;
        for (int dependent : dependents.get(table)) {
          if (scheduled[dependent]) {
            longest = Math.max(longest, remainingPath[dependent]);
            heaviest = Math.max(heaviest, remainingWork[dependent]);
          }
        }
        remainingPath[table] = longest + 1;
        remainingWork[table] = saturatedSum(heaviest, Math.max(1, rowsRead[table]));
      }
      return new Levels(wave, remainingPath, remainingWork, scheduled, count < loaded);
    }

    long remainingWork(int position) {
      return remainingWork[position];
    }

    int wave(int position) {
      return wave[position];
    }

    int remainingPath(int position) {
      return remainingPath[position];
    }

    /** True when the table is loaded by the batch but cannot start: it is in or behind a cycle. */
    boolean stuck(int position, Action action) {
      return action != Action.KEEP_EXISTING && !scheduled[position];
    }

    boolean hasUnscheduled() {
      return hasUnscheduled;
    }
  }
}
