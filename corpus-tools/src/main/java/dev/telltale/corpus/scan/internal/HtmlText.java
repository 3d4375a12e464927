package dev.telltale.corpus.scan.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The readable text of an HTML page, roughly as a browser's {@code innerText}: the body's text nodes with
 * whitespace runs collapsed to one space (kept inside {@code pre}), a line break around every block element
 * and at {@code br}; scripts, styles, forms' option lists and the head are left out. Parsed with jsoup, which
 * takes the charset from the HTTP header when given, else from a BOM or {@code <meta charset>}, else UTF-8.
 */
final class HtmlText {
    private static final Set<String> SKIPPED = Set.of("script", "style", "noscript", "template", "head", "select",
            "svg", "math", "iframe", "object");

    private HtmlText() {}

    /** Text of {@code html}; {@code charset} may be null (detected). */
    static String extract(byte[] html, String charset, String baseUri) throws IOException {
        String cs = charset != null && Charset.isSupported(charset) ? charset : null;
        Document doc = Jsoup.parse(new ByteArrayInputStream(html), cs, baseUri == null ? "" : baseUri);
        Element root = doc.body() != null ? doc.body() : doc;
        Collector c = new Collector();
        NodeTraversor.traverse(c, root);
        return c.text();
    }

    private static final class Collector implements NodeVisitor {
        private final StringBuilder sb = new StringBuilder();
        private int skipDepth;
        private int preDepth;

        @Override
        public void head(Node node, int depth) {
            if (node instanceof Element e) {
                String tag = e.normalName();
                if (skipDepth > 0 || SKIPPED.contains(tag)) {
                    skipDepth++;
                    return;
                }
                if (tag.equals("pre")) {
                    preDepth++;
                }
                if (tag.equals("br")) {
                    sb.append('\n');
                } else if (e.tag().isBlock()) {
                    lineBreak();
                }
            } else if (node instanceof TextNode t && skipDepth == 0) {
                appendText(preDepth > 0 ? t.getWholeText() : t.text());
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element e) {
                if (skipDepth > 0) {
                    skipDepth--;
                    return;
                }
                if (e.normalName().equals("pre")) {
                    preDepth--;
                }
                if (e.tag().isBlock()) {
                    lineBreak();
                }
            }
        }

        private void appendText(String s) {
            if (s.isEmpty()) {
                return;
            }
            boolean atLineStart = sb.length() == 0 || sb.charAt(sb.length() - 1) == '\n';
            if (preDepth == 0 && atLineStart) {
                s = s.stripLeading();
            }
            if (preDepth == 0 && !atLineStart && sb.charAt(sb.length() - 1) == ' ' && s.startsWith(" ")) {
                s = s.substring(1);
            }
            sb.append(s);
        }

        private void lineBreak() {
            int n = sb.length();
            while (n > 0 && sb.charAt(n - 1) == ' ') {
                n--;
            }
            sb.setLength(n);
            if (n > 0 && sb.charAt(n - 1) != '\n') {
                sb.append('\n');
            }
        }

        String text() {
            lineBreak();
            return sb.toString().strip();
        }
    }
}
