package io.reviewflow.publish;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON string escapes that make JSON safe to embed in an HTML {@code <script>} element: {@code <}, {@code >}
 * and {@code &} become {@code \u003c}, {@code \u003e}, {@code \u0026}, so writer text can never close the
 * element ({@code </script>}) or open a comment ({@code <!--}); U+2028 and U+2029 become {@code \u2028} and
 * {@code \u2029}, which older JavaScript parsers read as line ends. The output is still plain, valid JSON,
 * so the same form is used everywhere.
 */
final class ScriptSafeEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    private static final int[] ASCII_ESCAPES;
    private static final ScriptSafeEscapes ESCAPES = new ScriptSafeEscapes();
    private static final SerializedString LESS_THAN = new SerializedString("\\u003c");
    private static final SerializedString GREATER_THAN = new SerializedString("\\u003e");
    private static final SerializedString AMPERSAND = new SerializedString("\\u0026");
    private static final SerializedString LINE_SEPARATOR = new SerializedString("\\u2028");
    private static final SerializedString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

    static {
        int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();
        // Custom rather than standard escapes only to get lowercase hex, the form other encoders emit.
        escapes['<'] = CharacterEscapes.ESCAPE_CUSTOM;
        escapes['>'] = CharacterEscapes.ESCAPE_CUSTOM;
        escapes['&'] = CharacterEscapes.ESCAPE_CUSTOM;
        ASCII_ESCAPES = escapes;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII_ESCAPES.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return switch (ch) {
            case '<' -> LESS_THAN;
            case '>' -> GREATER_THAN;
            case '&' -> AMPERSAND;
            case '\u2028' -> LINE_SEPARATOR;
            case '\u2029' -> PARAGRAPH_SEPARATOR;
            default -> null;
        };
    }

    /**
     * {@code json} with the same five characters escaped by plain replacement: for JSON from elsewhere
     * (an event read from a topic). Valid JSON has them only inside strings, where the escape means the
     * same character, and JSON already in this form passes unchanged.
     */
    static String scriptSafe(String json) {
        StringBuilder out = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            SerializableString escape = c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'
                    ? ESCAPES.getEscapeSequence(c) : null;
            if (escape != null && out == null) {
                out = new StringBuilder(json.length() + 16).append(json, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape.getValue());
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? json : out.toString();
    }
}
