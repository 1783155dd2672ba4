package vistream.app.bn;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import vistream.app.bn.NetworkDocument.Definition;
import vistream.app.bn.NetworkDocument.Name;
import vistream.app.bn.NetworkDocument.Values;
import vistream.app.bn.NetworkDocument.Variable;
import vistream.app.config.UserError;

/**
 * Reads XMLBIF 0.3 with the JDK's StAX:
 * <pre>
 * &lt;BIF VERSION="0.3"&gt;&lt;NETWORK&gt;&lt;NAME&gt;…&lt;/NAME&gt;
 *   &lt;VARIABLE TYPE="nature"&gt;
 *     &lt;NAME&gt;tub&lt;/NAME&gt;&lt;OUTCOME&gt;yes&lt;/OUTCOME&gt;&lt;OUTCOME&gt;no&lt;/OUTCOME&gt;&lt;PROPERTY&gt;…&lt;/PROPERTY&gt;
 *   &lt;/VARIABLE&gt;
 *   &lt;DEFINITION&gt;
 *     &lt;FOR&gt;tub&lt;/FOR&gt;&lt;GIVEN&gt;asia&lt;/GIVEN&gt;&lt;TABLE&gt;0.05 0.95 0.01 0.99&lt;/TABLE&gt;
 *   &lt;/DEFINITION&gt;
 * &lt;/NETWORK&gt;&lt;/BIF&gt;
 * </pre>
 * A TABLE lists, for each configuration of the GIVEN variables (the last varying fastest), the
 * FOR variable's probabilities in OUTCOME order: the layout of our CPTs, and the one pgmpy reads
 * with its column-major reshape. Names are read with the XML whitespace around them dropped.
 * PROPERTY elements, comments and namespaces are ignored.
 *
 * <p>DTDs are not processed and external entities never resolved, so a file cannot make the
 * reader open another file or address (XXE) or expand entities without bound; an internal DTD
 * subset such as the one JavaBayes writes is skipped, and a reference to an entity it declares is
 * an error. Every error is one line, {@code FILE:LINE:} and what was expected.
 *
 * <p>Not thread safe: one reader per file read.
 */
public final class XmlBifReader {

    private static final Pattern ENTITY = Pattern.compile("&([A-Za-z_:][-A-Za-z0-9._:]*);");
    private static final Set<String> PREDEFINED = Set.of("amp", "lt", "gt", "quot", "apos");

    private final XMLStreamReader xml;
    private final NetworkDocument document;

    private XmlBifReader(XMLStreamReader xml, NetworkDocument document) {
        this.xml = xml;
        this.document = document;
    }

    /**
     * Parses an XMLBIF file.
     *
     * @param source  the file, to start every message
     * @param content its bytes (the encoding is the XML declaration's)
     * @return what it declares, not yet checked as a whole ({@link NetworkDocument#build})
     * @throws UserError at the first thing that does not fit, or that is not well-formed XML
     */
    public static NetworkDocument read(String source, byte[] content) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        NetworkDocument document = new NetworkDocument(source, "<VARIABLE>", "<DEFINITION>");
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(new ByteArrayInputStream(content));
            new XmlBifReader(xml, document).file();
            return document;
        } catch (XMLStreamException e) {
            int line = Math.max(1, e.getLocation() != null ? e.getLocation().getLineNumber()
                    : xml != null ? xml.getLocation().getLineNumber() : 1);
            String entity = undeclaredEntity(content, line);
            if (entity != null) {
                throw document.error(line, "the entity reference '&" + entity + ";' is not read: DTDs and external "
                        + "entities are ignored, so only &amp; &lt; &gt; &quot; &apos; and character references may be used");
            }
            // The JDK's messages start "ParseError at [row,col]:[5,17]\nMessage: …", in the JVM's language.
            String detail = e.getMessage() == null ? "" : e.getMessage();
            int at = detail.indexOf("Message: ");
            detail = (at >= 0 ? detail.substring(at + "Message: ".length()) : detail).replaceAll("\\s+", " ").strip();
            throw document.error(line, "not well-formed XML" + (detail.isEmpty() ? "" : ": " + detail));
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // Closing only frees the reader; the content is in memory.
                }
            }
        }
    }

    /**
     * Finds, on the line the parser stopped at, a reference to an entity other than XML's own:
     * the parser refuses it since no DTD is read, but says so in the JVM's language, while this
     * case deserves a message of its own.
     *
     * @return the entity's name, or null
     */
    private static String undeclaredEntity(byte[] content, int line) {
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        if (line > lines.length) {
            return null;
        }
        Matcher m = ENTITY.matcher(lines[line - 1]);
        while (m.find()) {
            if (!PREDEFINED.contains(m.group(1))) {
                return m.group(1);
            }
        }
        return null;
    }

    private void file() throws XMLStreamException {
        expectStart(nextTag(), "BIF");
        String version = xml.getAttributeValue(null, "VERSION");
        if (version != null && !version.strip().equals("0.3")) {
            throw document.error(line(), "this reads XMLBIF version 0.3, found VERSION=\"" + version + "\"");
        }
        expectStart(nextTag(), "NETWORK");
        network();
        if (nextTag() != XMLStreamConstants.END_ELEMENT) {
            throw expected("</BIF> (one <NETWORK> per file)");
        }
        while (xml.hasNext()) {
            xml.next(); // the parser itself refuses anything but comments after the root
        }
    }

    private void network() throws XMLStreamException {
        while (nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (is("NAME") || is("PROPERTY")) {
                skip();
            } else if (is("VARIABLE")) {
                variable();
            } else if (is("DEFINITION")) {
                definition();
            } else {
                throw expected("<VARIABLE>, <DEFINITION>, <NAME>, <PROPERTY> or </NETWORK>");
            }
        }
    }

    private void variable() throws XMLStreamException {
        int line = line();
        String type = xml.getAttributeValue(null, "TYPE");
        if (type != null && !type.strip().equals("nature")) {
            throw document.error(line, "only chance variables are read (TYPE=\"nature\"), found TYPE=\"" + type + "\"");
        }
        String name = null;
        List<String> states = new ArrayList<>();
        while (nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (is("NAME")) {
                if (name != null) {
                    throw document.error(line(), "variable '" + name + "' has a second <NAME>");
                }
                name = name();
            } else if (is("OUTCOME")) {
                states.add(name());
            } else if (is("PROPERTY")) {
                skip();
            } else {
                throw expected("<NAME>, <OUTCOME>, <PROPERTY> or </VARIABLE>");
            }
        }
        if (name == null) {
            throw document.error(line(), "a <VARIABLE> has no <NAME>");
        }
        if (states.isEmpty()) {
            throw document.error(line(), "variable '" + name + "' has no <OUTCOME>");
        }
        document.declare(new Variable(name, states, line));
    }

    private void definition() throws XMLStreamException {
        int line = line();
        Name child = null;
        List<Name> parents = new ArrayList<>();
        String tableText = null;
        int tableLine = 0;
        while (nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (is("FOR")) {
                if (child != null) {
                    throw document.error(line(), "the <DEFINITION> of '" + child.text() + "' has a second <FOR>");
                }
                int at = line();
                child = new Name(name(), at);
            } else if (is("GIVEN")) {
                int at = line();
                parents.add(new Name(name(), at));
            } else if (is("TABLE")) {
                if (tableText != null) {
                    throw document.error(line(), "a <DEFINITION> has a second <TABLE>");
                }
                tableLine = line();
                tableText = text();
            } else if (is("PROPERTY")) {
                skip();
            } else {
                throw expected("<FOR>, <GIVEN>, <TABLE>, <PROPERTY> or </DEFINITION>");
            }
        }
        if (child == null) {
            throw document.error(line(), "a <DEFINITION> has no <FOR>");
        }
        if (tableText == null) {
            throw document.error(line(), "the <DEFINITION> of '" + child.text() + "' has no <TABLE>");
        }
        Values table = table(child.text(), tableText, tableLine);
        document.define(new Definition(child, parents, List.of(), table, null, line));
    }

    /** The numbers of a TABLE, split at XML whitespace; a bad one is named at its own line. */
    private Values table(String variable, String text, int line) {
        List<Double> values = new ArrayList<>();
        int at = 0;
        int tokenLine = line;
        while (true) {
            while (at < text.length() && isXmlSpace(text.charAt(at))) {
                tokenLine += text.charAt(at) == '\n' ? 1 : 0;
                at++;
            }
            if (at >= text.length()) {
                break;
            }
            int end = at;
            while (end < text.length() && !isXmlSpace(text.charAt(end))) {
                end++;
            }
            String word = text.substring(at, end);
            Double value = DecimalText.parse(word);
            if (value == null) {
                throw document.error(tokenLine, "expected a probability in the <TABLE> of '" + variable + "', found '"
                        + (word.length() > 40 ? word.substring(0, 40) + "…" : word) + "'");
            }
            values.add(value);
            at = end;
        }
        if (values.isEmpty()) {
            throw document.error(line, "the <TABLE> of '" + variable + "' is empty");
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return new Values(out, line);
    }

    /** The text of the element just started, a name: trimmed of XML whitespace, not empty. */
    private String name() throws XMLStreamException {
        String element = "<" + xml.getLocalName() + ">";
        int line = line();
        String text = text();
        int start = 0;
        int end = text.length();
        while (start < end && isXmlSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isXmlSpace(text.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            throw document.error(line, "expected a name in " + element + ", found nothing");
        }
        return text.substring(start, end);
    }

    /** The text of the element just started, up to its end tag, which must come before any child. */
    private String text() throws XMLStreamException {
        String element = xml.getLocalName();
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(xml.getText());
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return text.toString();
                }
                case XMLStreamConstants.START_ELEMENT -> throw expected("text or </" + element + ">");
                default -> throw document.error(line(), "unexpected content in <" + element + ">");
            }
        }
    }

    /** Skips the element just started, with whatever it holds. */
    private void skip() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            depth += event == XMLStreamConstants.START_ELEMENT ? 1 : event == XMLStreamConstants.END_ELEMENT ? -1 : 0;
        }
    }

    /**
     * Moves to the next start or end tag, skipping comments, processing instructions, the DTD
     * and whitespace; text that is not blank is not expected between tags.
     */
    private int nextTag() throws XMLStreamException {
        while (true) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT, XMLStreamConstants.END_DOCUMENT -> {
                    return event;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    String text = xml.getText();
                    int first = 0;
                    while (first < text.length() && isXmlSpace(text.charAt(first))) {
                        first++;
                    }
                    if (first < text.length()) {
                        // The location is the text's end: count back to the line its first word is on.
                        int line = line() - (int) text.substring(first).chars().filter(c -> c == '\n').count();
                        String t = text.strip();
                        throw document.error(Math.max(1, line), "expected a tag, found the text '"
                                + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "'");
                    }
                }
                default -> {
                }
            }
        }
    }

    private void expectStart(int event, String element) {
        if (event != XMLStreamConstants.START_ELEMENT || !is(element)) {
            throw expected("<" + element + ">");
        }
    }

    private boolean is(String element) {
        return xml.getLocalName().equals(element);
    }

    private int line() {
        return Math.max(1, xml.getLocation().getLineNumber());
    }

    private UserError expected(String what) {
        String found = switch (xml.getEventType()) {
            case XMLStreamConstants.START_ELEMENT -> "<" + xml.getLocalName() + ">";
            case XMLStreamConstants.END_ELEMENT -> "</" + xml.getLocalName() + ">";
            case XMLStreamConstants.END_DOCUMENT -> "the end of the file";
            default -> "something else";
        };
        return document.error(line(), "expected " + what + ", found " + found);
    }

    private static boolean isXmlSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
