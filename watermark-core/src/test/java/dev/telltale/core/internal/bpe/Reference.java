package dev.telltale.core.internal.bpe;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.internal.DjlHfTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Test fixtures: the tokenizer files, both implementations of each, and the torture file. */
final class Reference {
    static final String LLAMA3_HINT = "testdata/tokenizers/llama3/tokenizer.json is missing: run "
            + "testdata/scripts/fetch_llama3.sh (CI runs it before the tests)";

    /** A tokenizer.json loaded by both implementations. */
    record Pair(String name, byte[] json, FastBpeTokenizer fast, DjlHfTokenizer djl) implements AutoCloseable {
        @Override
        public void close() {
            djl.close();
        }
    }

    private static volatile byte[] qwen3;
    private static Pair qwen3Pair;
    private static Pair llama3Pair;

    private Reference() {}

    static byte[] qwen3Json() {
        byte[] b = qwen3;
        if (b == null) {
            b = resource("telltale-testdata/tokenizers/qwen3/tokenizer.json");
            qwen3 = b;
        }
        return b;
    }

    /** The Llama 3 tokenizer.json, or a failed assumption saying how to fetch it. */
    static byte[] llama3Json() {
        Path p = repo().resolve("testdata/tokenizers/llama3/tokenizer.json");
        assumeTrue(Files.isRegularFile(p), LLAMA3_HINT);
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized Pair qwen3() {
        if (qwen3Pair == null) {
            qwen3Pair = pair("qwen3", qwen3Json());
        }
        return qwen3Pair;
    }

    static synchronized Pair llama3() {
        byte[] json = llama3Json();
        if (llama3Pair == null) {
            llama3Pair = pair("llama3", json);
        }
        return llama3Pair;
    }

    static Pair pair(String name, byte[] json) {
        try {
            return new Pair(name, json, FastBpeTokenizer.load(name, json), DjlHfTokenizer.load(name, json));
        } catch (IOException | UnsupportedTokenizerException e) {
            throw new AssertionError("cannot load " + name + ": " + e.getMessage(), e);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static byte[] lastParsedJson;
    private static ObjectNode lastParsed;

    /** {@code json} with changes applied to (a copy of) its root object. */
    static synchronized byte[] edit(byte[] json, Consumer<ObjectNode> change) {
        try {
            if (lastParsedJson != json) {
                lastParsed = (ObjectNode) MAPPER.readTree(json);
                lastParsedJson = json;
            }
            ObjectNode root = lastParsed.deepCopy();
            change.accept(root);
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A raw DJL tokenizer (for word ids and spans), with the same options as {@link DjlHfTokenizer}. */
    static HuggingFaceTokenizer rawDjl(byte[] json) {
        DjlHfTokenizer.configureDjl();
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), Map.of(
                    "addSpecialTokens", "false", "padding", "false", "truncation", "false", "maxLength", "1000000000"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One case of testdata/unicode/torture.jsonl. */
    record Case(String name, String text) {}

    static List<Case> torture() {
        List<Case> cases = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        String all = new String(resource("telltale-testdata/unicode/torture.jsonl"), java.nio.charset.StandardCharsets.UTF_8);
        for (String line : all.split("\n")) {
            if (!line.isBlank()) {
                try {
                    JsonNode n = m.readTree(line);
                    cases.add(new Case(n.path("name").asText(), n.path("text").asText()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return cases;
    }

    /** The repository root: {@code telltale.repo} if it holds testdata/, else the nearest parent that does. */
    static Path repo() {
        String r = System.getProperty("telltale.repo");
        if (r != null && Files.isDirectory(Path.of(r, "testdata"))) {
            return Path.of(r);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/tokenizers"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    static byte[] resource(String name) {
        try (InputStream in = Reference.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath (telltale-testdata jar)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
