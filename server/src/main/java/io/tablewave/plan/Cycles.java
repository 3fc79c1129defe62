package io.tablewave.plan;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Explains why some tables of a batch cannot be scheduled: finds the strongly connected components
 * among them (Tarjan), one concrete cycle per component, and the tables that are only stuck behind
 * a cycle. Paths are deterministic: they follow names in sorted order.
 */
final class Cycles {
  /** Above this component size only the component's own cycle is spelled out, to bound the work. */
  private static final int PATH_PER_TABLE_LIMIT = 200;

  /** A cycle path longer than twice this many tables shows only this many at each end. */
  private static final int PATH_ENDS = 10;

  private final Planning planning;
  private final boolean[] stuck;
  private final Comparator<Integer> byName;

  Cycles(Planning planning, Planning.Levels levels) {
    this.planning = requireNonNull(planning, "planning is null");
    requireNonNull(levels, "levels is null");
    this.stuck = new boolean[planning.size()];
    for (int i = 0; i < planning.size(); i++) {
      stuck[i] = levels.stuck(i, planning.action(i));
    }
    this.byName =
        Comparator.<Integer, String>comparing(p -> planning.input(p).name().key())
            .thenComparingInt(p -> p);
  }

  void report() {
    List<List<Integer>> components = cyclicComponents();
    int[] component = new int[planning.size()];
    Arrays.fill(component, -1);
    for (int c = 0; c < components.size(); c++) {
      for (int member : components.get(c)) {
        component[member] = c;
      }
    }
    for (int c = 0; c < components.size(); c++) {
      List<Integer> members = components.get(c);
      List<Integer> path = shortestCycle(members.get(0), component);
      String message = message(path);
      planning.problem(ErrorCode.CIRCULAR_DEPENDENCY, members.get(0), message);
      Set<Integer> onPath = new HashSet<>(path);
      for (int member : members.subList(1, members.size())) {
        if (onPath.contains(member)) {
          planning.note(ErrorCode.CIRCULAR_DEPENDENCY, member, message);
        } else if (members.size() <= PATH_PER_TABLE_LIMIT) {
          planning.note(
              ErrorCode.CIRCULAR_DEPENDENCY, member, message(shortestCycle(member, component)));
        } else {
          planning.note(
              ErrorCode.CIRCULAR_DEPENDENCY,
              member,
              "table "
                  + planning.input(member).name()
                  + " is part of a circular dependency among "
                  + members.size()
                  + " tables; one of its cycles: "
                  + names(path));
        }
      }
    }
    reportBlocked(components, component);
  }

  /**
   * Components with a cycle (several tables, or one that depends on itself), sorted by their first
   * name.
   */
  private List<List<Integer>> cyclicComponents() {
    int size = planning.size();
    int[] index = new int[size];
    int[] low = new int[size];
    boolean[] onStack = new boolean[size];
    Arrays.fill(index, -1);
    Deque<Integer> stack = new ArrayDeque<>();
    List<List<Integer>> result = new ArrayList<>();
    int counter = 0;
    for (int root = 0; root < size; root++) {
      if (!stuck[root] || index[root] != -1) {
        continue;
      }
      Deque<int[]> calls = new ArrayDeque<>();
      index[root] = low[root] = counter++;
      stack.push(root);
      onStack[root] = true;
      calls.push(new int[] {root, 0});
      while (!calls.isEmpty()) {
        int[] frame = calls.peek();
        int table = frame[0];
        int[] deps = planning.batchDeps(table);
        if (frame[1] < deps.length) {
          int dep = deps[frame[1]++];
          if (!stuck[dep]) {
            continue;
          }
          if (index[dep] == -1) {
            index[dep] = low[dep] = counter++;
            stack.push(dep);
            onStack[dep] = true;
            calls.push(new int[] {dep, 0});
          } else if (onStack[dep]) {
            low[table] = Math.min(low[table], index[dep]);
          }
          continue;
        }
        calls.pop();
        if (!calls.isEmpty()) {
          int caller = calls.peek()[0];
          low[caller] = Math.min(low[caller], low[table]);
        }
        if (low[table] == index[table]) {
          List<Integer> members = new ArrayList<>();
          int member;
          do {
            member = stack.pop();
            onStack[member] = false;
            members.add(member);
          } while (member != table);
          if (members.size() > 1 || dependsOnItself(table)) {
            members.sort(byName);
            result.add(members);
          }
        }
      }
    }
    result.sort(Comparator.comparing(members -> members.get(0), byName));
    return result;
  }

  private boolean dependsOnItself(int table) {
    for (int dep : planning.batchDeps(table)) {
      if (dep == table) {
        return true;
      }
    }
    return false;
  }

  /**
   * The shortest cycle from {@code start} back to itself inside its component, following
   * dependencies in name order: {@code [start, dep, ..., start]}.
   */
  private List<Integer> shortestCycle(int start, int[] component) {
    Map<Integer, Integer> parent = new HashMap<>();
    Deque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      int table = queue.poll();
      for (int dep : sortedDeps(table, component)) {
        if (dep == start) {
          List<Integer> path = new ArrayList<>();
          for (Integer at = table; at != null; at = parent.get(at)) {
            path.add(at);
          }
          Collections.reverse(path);
          path.add(start);
          return path;
        }
        if (!parent.containsKey(dep)) {
          parent.put(dep, table);
          queue.add(dep);
        }
      }
    }
    throw new IllegalStateException(
        "no cycle through " + planning.input(start).name() + " in its component");
  }

  private List<Integer> sortedDeps(int table, int[] component) {
    List<Integer> deps = new ArrayList<>();
    for (int dep : planning.batchDeps(table)) {
      if (component[dep] == component[table]) {
        deps.add(dep);
      }
    }
    deps.sort(byName);
    return deps;
  }

  /**
   * Tables that are not in a cycle but depend, directly or not, on one: they cannot start either.
   */
  private void reportBlocked(List<List<Integer>> components, int[] component) {
    int[] blockedBy = new int[planning.size()];
    Arrays.fill(blockedBy, -1);
    Deque<Integer> queue = new ArrayDeque<>();
    for (List<Integer> members : components) {
      for (int member : members) {
        blockedBy[member] = member;
        queue.add(member);
      }
    }
    while (!queue.isEmpty()) {
      int table = queue.poll();
      for (int dependent : planning.dependents(table)) {
        if (blockedBy[dependent] == -1) {
          blockedBy[dependent] = blockedBy[table];
          queue.add(dependent);
        }
      }
    }
    for (int i = 0; i < planning.size(); i++) {
      if (stuck[i] && component[i] == -1) {
        planning.note(
            ErrorCode.CIRCULAR_DEPENDENCY,
            i,
            "table "
                + planning.input(i).name()
                + " cannot be scheduled: it depends, directly or through other tables, on table "
                + planning.input(blockedBy[i]).name()
                + ", which is in a circular dependency");
      }
    }
  }

  private String message(List<Integer> path) {
    if (path.size() == 2) {
      String name = planning.input(path.get(0)).name().toString();
      return "circular dependency: "
          + name
          + " -> "
          + name
          + ": table "
          + name
          + " depends on itself, but no table "
          + name
          + " exists yet to read; remove the self-reference or create the table first";
    }
    return "circular dependency: "
        + names(path)
        + " (each table depends on the next); remove one of these dependencies to break the cycle";
  }

  /** The path's names joined by arrows; a very long path keeps its first and last tables. */
  private String names(List<Integer> path) {
    if (path.size() <= 2 * PATH_ENDS + 1) {
      return join(path);
    }
    int left = path.size() - 2 * PATH_ENDS;
    return join(path.subList(0, PATH_ENDS))
        + " -> ... "
        + left
        + " more tables ... -> "
        + join(path.subList(path.size() - PATH_ENDS, path.size()));
  }

  private String join(List<Integer> path) {
    return path.stream()
        .map(p -> planning.input(p).name().toString())
        .collect(Collectors.joining(" -> "));
  }
}
