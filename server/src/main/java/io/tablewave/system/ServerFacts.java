package io.tablewave.system;

import java.util.List;

/** The name/value facts {@code SYS.SERVER} shows; never secrets. */
public interface ServerFacts {
  /** A fact: name and value. */
  record Fact(String name, String value) {}

  List<Fact> facts();
}
