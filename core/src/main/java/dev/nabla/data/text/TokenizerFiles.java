package dev.nabla.data.text;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.data.DataFileException;
import dev.nabla.io.AtomicWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON files of tokenizers and vocabularies: {@code {"format": ..., "version": 1, ...}}, written
 * atomically, read back with errors that name the file and what is wrong with it.
 */
public final class TokenizerFiles {
    static final String TOKENIZER_FORMAT = "nabla-tokenizer";
    static final int VERSION = 1;
    static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private TokenizerFiles() {}

    /** Reads any tokenizer written by {@link Tokenizer#save}, by its "type" field. */
    public static Tokenizer load(Path file) {
        JsonNode root = read(file, TOKENIZER_FORMAT);
        String type = text(field(root, "type", file), "type", file);
        return switch (type) {
            case CharTokenizer.TYPE -> CharTokenizer.fromJson(root, file);
            case WordTokenizer.TYPE -> WordTokenizer.fromJson(root, file);
            case BpeTokenizer.TYPE -> BpeTokenizer.fromJson(root, file);
            default -> throw corrupt(file, "unknown tokenizer type '" + type + "' (expected char, word or bpe)");
        };
    }

    static ObjectNode header(String format) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", format);
        root.put("version", VERSION);
        return root;
    }

    static ObjectNode tokenizerHeader(String type) {
        ObjectNode root = header(TOKENIZER_FORMAT);
        root.put("type", type);
        return root;
    }

    static void write(Path file, ObjectNode root) {
        try {
            AtomicWrite.writeString(file, MAPPER.writeValueAsString(root) + "\n");
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot encode JSON for " + file, e);
        }
    }

    /** Parses a file as JSON and checks its format and version. */
    static JsonNode read(Path file, String format) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(file, "not valid UTF-8");
        }
        if (text.isBlank()) throw corrupt(file, "empty file");
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw corrupt(file, "not valid JSON (" + e.getOriginalMessage() + at + ")");
        }
        if (root == null || !root.isObject()) throw corrupt(file, "expected a JSON object at the top level");
        JsonNode f = root.get("format");
        if (f == null || !f.isTextual() || !f.asText().equals(format)) {
            throw corrupt(file, "\"format\" is " + f + ", expected \"" + format + "\"");
        }
        JsonNode v = root.get("version");
        if (v == null || !v.isInt() || v.asInt() != VERSION) throw corrupt(file, "unsupported \"version\" " + v + " (this build reads " + VERSION + ")");
        return root;
    }

    static JsonNode field(JsonNode obj, String name, Path file) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) throw corrupt(file, "missing field \"" + name + "\"");
        return n;
    }

    static String text(JsonNode n, String name, Path file) {
        if (!n.isTextual()) throw corrupt(file, "field \"" + name + "\" must be a string, got " + n);
        return n.asText();
    }

    static boolean bool(JsonNode obj, String name, Path file) {
        JsonNode n = field(obj, name, file);
        if (!n.isBoolean()) throw corrupt(file, "field \"" + name + "\" must be true or false, got " + n);
        return n.asBoolean();
    }

    static List<String> strings(JsonNode n, String name, Path file) {
        if (!n.isArray()) throw corrupt(file, "field \"" + name + "\" must be an array of strings");
        List<String> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) throw corrupt(file, "entry " + i + " of \"" + name + "\" is " + n.get(i) + ", not a string");
            out.add(n.get(i).asText());
        }
        return out;
    }

    static DataFileException corrupt(Path file, String what) {
        return new DataFileException(file + ": " + what);
    }
}
