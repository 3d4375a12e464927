package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Human-written text packaged in the {@code telltale-testdata} jar (sources and terms in
 * {@code testdata/SOURCES.md}): the null-hypothesis text of tests and demos, and the default model's
 * training data.
 */
public final class EmbeddedCorpora {
    /** One document of an embedded corpus. */
    public record Document(String id, String category, String text) {}

    private static final String BROWN = "telltale-testdata/corpora/brown.jsonl";
    private static volatile List<Document> brown;

    private EmbeddedCorpora() {}

    /** The 500 documents of the Brown corpus (1961 American English, 15 genres), in corpus order. */
    public static List<Document> brown() {
        List<Document> b = brown;
        if (b == null) {
            b = List.copyOf(readJsonl(BROWN));
            brown = b;
        }
        return b;
    }

    private static List<Document> readJsonl(String resource) {
        ObjectMapper json = new ObjectMapper();
        List<Document> docs = new ArrayList<>();
        try (InputStream in = EmbeddedCorpora.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath (telltale-testdata jar)");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    JsonNode n = json.readTree(line);
                    docs.add(new Document(n.path("id").asText(), n.path("category").asText(), n.path("text").asText()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return docs;
    }
}
