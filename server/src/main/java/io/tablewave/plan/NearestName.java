package io.tablewave.plan;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The known name a mistyped one most likely meant: the closest by edit distance, ignoring case,
 * when it is close enough to be a typo (one edit in a short name, up to a third of a longer one)
 * rather than another name altogether. Ties go to the name listed first.
 */
final class NearestName {
  private NearestName() {}

  static Optional<String> of(String typed, Collection<String> known) {
    String wanted = typed.toUpperCase(Locale.ROOT);
    int limit = Math.max(1, wanted.length() / 3);
    if (wanted.length() <= 1) {
      return Optional.empty();
    }
    LevenshteinDistance distance = new LevenshteinDistance(limit);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : known) {
      int d = distance.apply(wanted, name.toUpperCase(Locale.ROOT));
      if (d >= 0 && d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }
}
