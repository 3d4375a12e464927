package dev.telltale.corpus.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * WordNet 3.0 first-sense synonyms of Brown words ({@code testdata/wordnet/synonyms.tsv}, made by
 * {@code testdata/scripts/wordnet_synonyms.py}; licence in {@code testdata/wordnet/LICENSE}). Base forms only.
 */
final class SynonymTable {
    static final String RESOURCE = "telltale-testdata/wordnet/synonyms.tsv";
    private final Map<String, String[]> table;

    private SynonymTable(Map<String, String[]> table) {
        this.table = table;
    }

    static SynonymTable load() {
        Map<String, String[]> t = new HashMap<>();
        try (InputStream in = SynonymTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath (telltale-testdata jar)");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                t.put(line.substring(0, tab), line.substring(tab + 1).split(" "));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new SynonymTable(t);
    }

    /** Synonyms of a lower-case word, or null. */
    String[] of(String lowerCaseWord) {
        return table.get(lowerCaseWord);
    }

    int size() {
        return table.size();
    }
}
