/**
 * The known word closest to a mistyped one, for "did you mean": at most two edits away (an
 * insertion, deletion, substitution or swap of neighbours each count one, so `--prot` is one
 * edit from `--port`), and fewer than half its letters.
 */
export function closestWord(typed: string, known: readonly string[]): string | undefined {
  let best: { word: string; distance: number } | undefined;
  for (const word of known) {
    const distance = editDistance(typed, word);
    if (
      distance <= 2 &&
      distance * 2 < Math.max(typed.length, word.length) &&
      distance < (best?.distance ?? 3)
    ) {
      best = { word, distance };
    }
  }
  return best?.word;
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const substitution = a[i - 1] === b[j - 1] ? 0 : 1;
      let cost = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        cost = Math.min(cost, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = cost;
    }
  }
  return rows[a.length]![b.length]!;
}
