package dev.telltale.core.internal.bpe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds added tokens in text the way the reference's Aho-Corasick automaton with
 * {@code MatchKind::LeftmostLongest} does: the match that starts first, and among those the longest;
 * matching resumes after it. Candidates are grouped by first UTF-16 unit, longest first; positions whose
 * unit starts no token are skipped with one bitmap test. Immutable.
 */
final class AddedTokenMatcher {
    /** [65536 / 64] bit set of first units. */
    private final long[] firstUnits = new long[1024];
    private final char[] firsts; // sorted distinct first units
    private final String[][] contents; // [first][k] longest first
    private final int[][] ids;

    /** Contents and ids of the tokens to match; contents are non-empty and distinct. */
    AddedTokenMatcher(List<String> tokenContents, List<Integer> tokenIds) {
        Map<Character, List<Integer>> byFirst = new TreeMap<>();
        for (int i = 0; i < tokenContents.size(); i++) {
            char f = tokenContents.get(i).charAt(0);
            byFirst.computeIfAbsent(f, k -> new ArrayList<>()).add(i);
            firstUnits[f >>> 6] |= 1L << f;
        }
        firsts = new char[byFirst.size()];
        contents = new String[byFirst.size()][];
        ids = new int[byFirst.size()][];
        int g = 0;
        for (Map.Entry<Character, List<Integer>> e : byFirst.entrySet()) {
            List<Integer> idx = e.getValue();
            idx.sort(Comparator.comparingInt((Integer i) -> -tokenContents.get(i).length()));
            firsts[g] = e.getKey();
            contents[g] = new String[idx.size()];
            ids[g] = new int[idx.size()];
            for (int k = 0; k < idx.size(); k++) {
                contents[g][k] = tokenContents.get(idx.get(k));
                ids[g][k] = tokenIds.get(idx.get(k));
            }
            g++;
        }
    }

    boolean isEmpty() {
        return firsts.length == 0;
    }

    /**
     * The leftmost-longest match in {@code s[from, to)}, packed as {@code start << 32 | group << 16 | k}
     * (decode with {@link #start}, {@link #length}, {@link #id}), or -1.
     */
    long find(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if ((firstUnits[c >>> 6] & (1L << c)) != 0) {
                int g = java.util.Arrays.binarySearch(firsts, c);
                String[] cands = contents[g];
                for (int k = 0; k < cands.length; k++) {
                    String t = cands[k];
                    if (i + t.length() <= to && s.startsWith(t, i)) {
                        return ((long) i << 32) | ((long) g << 16) | k;
                    }
                }
            }
        }
        return -1;
    }

    static int start(long match) {
        return (int) (match >>> 32);
    }

    int length(long match) {
        return contents[(int) (match >>> 16) & 0xFFFF][(int) match & 0xFFFF].length();
    }

    int id(long match) {
        return ids[(int) (match >>> 16) & 0xFFFF][(int) match & 0xFFFF];
    }
}
